using System.Collections.Concurrent;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Web.Components.Overview;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Web.Tests.Components;

/// <summary>
/// Which figures the overview serves to whom, on a real SQLite database. The portfolio reads go through
/// a <see cref="ReadGate"/>, so a test decides when a refresh of the figures finishes, or that it fails.
/// </summary>
public sealed class OverviewSourceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly CapturingLogger _log = new();
    private TestStorage _storage = null!;
    private ReadGate _gate = null!;
    private OverviewSource _source = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_visitor_gets_the_figures_as_they_stand()
    {
        await AddDriverAsync("disk");

        var figures = await _source.GetAsync(Cancel);

        figures.Headlines.DriversTracked.Now.ShouldBe(1);
        figures.Trends.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task With_no_new_data_the_next_visitor_gets_the_same_figures_without_reading_them_again()
    {
        await AddDriverAsync("disk");
        var first = await _source.GetAsync(Cancel);
        _gate.Close();

        var second = await _source.GetAsync(Cancel).WaitAsync(Patience, Cancel);

        second.ShouldBeSameAs(first);
        _gate.Waiting.IsCompleted.ShouldBeFalse("nothing changed, so nothing is read");
    }

    [Fact]
    public async Task A_driver_marked_migrated_by_hand_counts_for_the_next_visitor_though_no_snapshot_arrived()
    {
        await AddDriverAsync("disk");
        (await _source.GetAsync(Cancel)).Headlines.DriversFullyMigrated.Now.ShouldBe(0);
        int driverId;
        await using (var db = _storage.CreateDbContext())
        {
            driverId = await db.Drivers.Select(d => d.Id).SingleAsync(Cancel);
        }

        var saved = await new DriverPages(_storage, TimeProvider.System).UpdateAsync(driverId, MigrationStage.Migrated, null, null, DriverEditor.AnyTeam("manager@contoso.com"), Cancel);

        saved.Saved.ShouldBeTrue(saved.Error);
        (await _source.GetAsync(Cancel)).Headlines.DriversFullyMigrated.Now.ShouldBe(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_visitor_arriving_during_a_refresh_gets_the_previous_complete_figures_and_the_next_one_after_it_the_new_figures(bool moreDataDuringRefresh)
    {
        await AddDriverAsync("disk");
        var previous = await _source.GetAsync(Cancel);
        await AddDriverAsync("nic");

        // The refresh reads the new headlines, then waits before the trends: its figures are half built.
        _gate.Close(letThrough: 1);
        var starter = _source.GetAsync(Cancel);
        await _gate.Waiting.WaitAsync(Patience, Cancel);
        if (moreDataDuringRefresh)
        {
            await AddDriverAsync("wifi");
        }

        var during = await _source.GetAsync(Cancel).WaitAsync(Patience, Cancel);

        during.ShouldBeSameAs(previous);
        starter.IsCompleted.ShouldBeFalse();

        _gate.Open();
        var refreshed = await starter.WaitAsync(Patience, Cancel);
        refreshed.Headlines.DriversTracked.Now.ShouldBe(2, "the visitor who found the figures out of date waits for the new ones");

        var after = await _source.GetAsync(Cancel).WaitAsync(Patience, Cancel);
        after.Headlines.DriversTracked.Now.ShouldBe(moreDataDuringRefresh ? 3 : 2);
        if (!moreDataDuringRefresh)
        {
            after.ShouldBeSameAs(refreshed);
        }
    }

    [Fact]
    public async Task A_failed_refresh_leaves_visitors_the_previous_figures_logs_why_and_is_tried_again_by_the_next_visitor()
    {
        await AddDriverAsync("disk");
        var previous = await _source.GetAsync(Cancel);
        await AddDriverAsync("nic");
        _gate.Close();
        var starter = _source.GetAsync(Cancel);
        await _gate.Waiting.WaitAsync(Patience, Cancel);
        var during = await _source.GetAsync(Cancel).WaitAsync(Patience, Cancel);

        _gate.Fail(new SqliteException("database is locked", 5));

        during.ShouldBeSameAs(previous);
        (await starter.WaitAsync(Patience, Cancel)).ShouldBeSameAs(previous);
        var error = _log.Entries.ShouldHaveSingleItem();
        error.Level.ShouldBe(LogLevel.Error);
        error.Exception.ShouldBeOfType<SqliteException>();

        _gate.Open();
        var next = await _source.GetAsync(Cancel).WaitAsync(Patience, Cancel);
        next.Headlines.DriversTracked.Now.ShouldBe(2);
    }

    [Fact]
    public async Task With_no_figures_yet_a_failed_read_reaches_the_visitor_and_is_not_kept()
    {
        await AddDriverAsync("disk");
        _gate.Close();
        var first = _source.GetAsync(Cancel);
        await _gate.Waiting.WaitAsync(Patience, Cancel);

        _gate.Fail(new SqliteException("database is locked", 5));

        await Should.ThrowAsync<SqliteException>(first.WaitAsync(Patience, Cancel));
        _gate.Open();
        var next = await _source.GetAsync(Cancel).WaitAsync(Patience, Cancel);
        next.Headlines.DriversTracked.Now.ShouldBe(1);
    }

    public async ValueTask InitializeAsync()
    {
        _storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Cancel);
        _gate = new ReadGate(_storage);
        _source = new OverviewSource(new PortfolioQueries(_gate, TimeProvider.System), _storage, TimeProvider.System, _log);
    }

    public async ValueTask DisposeAsync()
    {
        _gate.Open();
        await _storage.DisposeAsync();
    }

    private async Task AddDriverAsync(string name)
    {
        await using var db = _storage.CreateDbContext();
        var repository = await db.Repositories.FirstOrDefaultAsync(Cancel)
            ?? new Repository { Name = "drivers", Kind = RepositoryKind.LocalPath, Location = "/srv/git/drivers.git" };
        var driver = new Driver { Repository = repository, Name = name, ProjectPath = $"{name}/{name}.vcxproj", Language = DriverLanguage.C, FirstSeenAt = DateTime.UtcNow.AddDays(-20) };
        db.Drivers.Add(driver);
        db.Snapshots.Add(new Snapshot { Driver = driver, CommitId = $"{name}-1", CommitTime = DateTime.UtcNow.AddDays(-10), CCodeLines = 1000, MetricsJson = "{}" });
        await db.SaveChangesAsync(Cancel);
    }

    /// <summary>Holds the portfolio's reads while closed (after letting a given number through), until opened or failed.</summary>
    private sealed class ReadGate(IDbContextFactory<TrackerDbContext> inner) : IDbContextFactory<TrackerDbContext>
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _open = Opened();
        private TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _letThrough;

        /// <summary>Completes when a read waits at the closed gate.</summary>
        public Task Waiting
        {
            get
            {
                lock (_lock)
                {
                    return _waiting.Task;
                }
            }
        }

        public void Close(int letThrough = 0)
        {
            lock (_lock)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _letThrough = letThrough;
            }
        }

        public void Open()
        {
            lock (_lock)
            {
                _open.TrySetResult();
                _open = Opened();
            }
        }

        /// <summary>Fails the reads waiting at the gate, and those that arrive until it is opened.</summary>
        public void Fail(Exception exception)
        {
            lock (_lock)
            {
                _open.TrySetException(exception);
            }
        }

        public TrackerDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<TrackerDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Task open;
            lock (_lock)
            {
                open = _open.Task;
                if (!open.IsCompleted)
                {
                    if (_letThrough > 0)
                    {
                        _letThrough--;
                        open = Task.CompletedTask;
                    }
                    else
                    {
                        _waiting.TrySetResult();
                    }
                }
            }

            await open.WaitAsync(cancellationToken);
            return inner.CreateDbContext();
        }

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }

    private sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

    private sealed class CapturingLogger : ILogger<OverviewSource>
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. _entries];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
    }
}
