using System.Text;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.Scanning;
using MigrationTracker.Workers.Tests.Sync;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Tests.Security;

/// <summary>
/// A repository that gains hostile content (a huge file, a binary file, a UTF-16 file without byte-order mark, a
/// corrupted object), synced by the real sync job: each file is skipped with its reason in words, or the sync
/// fails saying the repository is damaged, and what was stored before stays exactly as it was.
/// </summary>
public sealed class HostileRepositoryContentTests : IAsyncLifetime
{
    private const string WideHeader = "echo/kmdf/driver/wide.h";
    private const string FirmwareHeader = "echo/kmdf/driver/firmware.h";
    private const string HugeHeader = "echo/kmdf/driver/tables.h";

    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _sources = new("mt-hostile-content");
    private SyncWorld _world = null!;
    private TestGitRepository _git = null!;
    private int _repositoryId;
    private string _first = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await SyncWorld.CreateAsync();
        _git = new TestGitRepository(_sources.Combine("echo"));
        _first = _git.WithEchoC().WithEchoRust().Commit("Echo in C and Rust", Monday);
        _repositoryId = await _world.AddRepositoryAsync(_git.Path);
        await _world.Sync.RunAsync(_repositoryId, Token);
    }

    public async ValueTask DisposeAsync()
    {
        _git.Dispose();
        await _world.DisposeAsync();
        _sources.Dispose();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Huge_binary_and_BOM_less_UTF16_files_are_skipped_with_their_reason_and_the_stored_history_stays()
    {
        var before = await StoredAsync();
        var firstC = (await _world.SnapshotsOfAsync(_repositoryId, EchoFixture.CProject))[_first];

        // Headers in the C driver's folder, which the driver owns: counted, they would change its figures.
        EchoFixture.WriteBytes(_git.Path, WideHeader, Encoding.Unicode.GetBytes("#define WIDE 1\nint wide_table[4];\n"));
        var firmware = new byte[4096];
        new Random(7).NextBytes(firmware);
        EchoFixture.WriteBytes(_git.Path, FirmwareHeader, firmware);
        EchoFixture.WriteText(_git.Path, HugeHeader, string.Concat(Enumerable.Repeat("int generated_table_entry_0000000000 = 0;\n", 110_000)));
        var hostile = _git.Commit("Generated tables, firmware blob and a header saved as UTF-16", Monday.AddDays(1));

        await _world.Sync.RunAsync(_repositoryId, Token);

        var repository = await _world.RepositoryAsync(_repositoryId);
        repository.Status.ShouldBe(RepositoryStatus.Ok, repository.LastError);
        repository.LastSyncedCommit.ShouldBe(hostile);
        (await SkipReasonsAsync(hostile)).ShouldBe(new Dictionary<string, string?>
        {
            [WideHeader] = "looks like UTF-16 without a byte-order mark; save it as UTF-8 or UTF-16 with BOM",
            [FirmwareHeader] = "binary file",
            [HugeHeader] = "larger than the size limit (4 MiB)",
        });

        // The skipped files add nothing to the driver; the snapshots and drivers stored before are untouched.
        var c = (await _world.SnapshotsOfAsync(_repositoryId, EchoFixture.CProject))[hostile];
        (c.CCodeLines, c.HeaderCodeLines, c.CommentLines, c.BlankLines, c.ReadinessScore)
            .ShouldBe((firstC.CCodeLines, firstC.HeaderCodeLines, firstC.CommentLines, firstC.BlankLines, firstC.ReadinessScore));
        var after = await StoredAsync();
        after.Drivers.ShouldBe(before.Drivers);
        after.Snapshots.Take(before.Snapshots.Count).ShouldBe(before.Snapshots);
        after.Snapshots.Count.ShouldBe(before.Snapshots.Count + 2);
    }

    [Fact]
    public async Task A_commit_whose_object_holds_garbage_fails_the_sync_saying_the_repository_is_damaged_and_loses_nothing()
    {
        var before = await StoredAsync();
        var head = _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithExtraGoto).Commit("One more goto", Monday.AddDays(1));

        // Not a missing object (RepositorySyncJobTests covers that) but one whose bytes were overwritten.
        var objectPath = _git.LooseObjectPath(_git.BlobAt(head, EchoFixture.DriverC));
        File.SetAttributes(objectPath, FileAttributes.Normal);
        await File.WriteAllBytesAsync(objectPath, Encoding.ASCII.GetBytes("this is not a zlib stream of a git object"), Token);

        var failure = await Record.ExceptionAsync(() => _world.Sync.RunAsync(_repositoryId, Token));

        var repository = await _world.RepositoryAsync(_repositoryId);
        repository.Status.ShouldBeOneOf(RepositoryStatus.Unreachable, RepositoryStatus.Failed);
        repository.LastError.ShouldNotBeNull().ShouldContain(_git.Path);
        repository.LastError.ShouldContain("is damaged", Case.Sensitive, $"the error should say the repository is damaged (exception: {failure?.Message})");
        repository.LastError.ShouldContain("git fsck");
        repository.LastSyncedCommit.ShouldBe(_first);
        var after = await StoredAsync();
        after.Drivers.ShouldBe(before.Drivers);
        after.Snapshots.ShouldBe(before.Snapshots);
    }

    /// <summary>Every value of every driver and snapshot of the repository, in a form that compares by value.</summary>
    private async Task<(List<string> Drivers, List<string> Snapshots)> StoredAsync()
    {
        var drivers = (await _world.DriversAsync(_repositoryId))
            .Select(d => $"{d.Id}|{d.ProjectPath}|{d.Name}|{d.Language}|{d.Model}|{d.FirstSeenAt:O}|{d.RemovedAt:O}|{d.CounterpartId}|{d.Stage}")
            .ToList();
        var snapshots = (await _world.SnapshotsAsync(_repositoryId))
            .Select(s => $"{s.Id}|{s.DriverId}|{s.CommitId}|{s.CommitTime:O}|{s.AnalyzedAt:O}|{s.FileCount}|{s.BlankLines}|{s.CommentLines}|{s.CCodeLines}|{s.CppCodeLines}|{s.HeaderCodeLines}|{s.RustCodeLines}|{s.TestCodeLines}|{s.UnsafeLines}|{s.UnsafeShare}|{s.ReadinessScore}|{s.ReadinessBand}|{s.ScoringPolicyVersion}|{s.DetailHash}|{s.MetricsJson}|{s.ScoreJson}")
            .ToList();
        return (drivers, snapshots);
    }

    /// <summary>The stored skip reason of each hostile file's content at a commit (null: it was analysed).</summary>
    private async Task<Dictionary<string, string?>> SkipReasonsAsync(string commit)
    {
        var blobs = new[] { WideHeader, FirmwareHeader, HugeHeader }.ToDictionary(path => path, path => _git.BlobAt(commit, path));
        await using var context = _world.Storage.CreateDbContext();
        var rows = await context.FileAnalyses.AsNoTracking()
            .Where(f => blobs.Values.Contains(f.BlobId))
            .Select(f => new { f.BlobId, f.SkipReason })
            .ToListAsync(Token);
        return blobs.ToDictionary(b => b.Key, b => rows.SingleOrDefault(r => r.BlobId == b.Value)?.SkipReason);
    }
}
