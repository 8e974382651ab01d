using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.Scanning;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>The file-analysis cache: each file content is analysed once, across commits and across repositories.</summary>
public sealed class FileAnalysisCacheTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _sources = new("mt-cache-source");
    private SyncWorld _world = null!;
    private TestGitRepository _git = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await SyncWorld.CreateAsync();
        _git = new TestGitRepository(_sources.Combine("echo"));
    }

    public async ValueTask DisposeAsync()
    {
        _git.Dispose();
        await _world.DisposeAsync();
        _sources.Dispose();
    }

    private List<string> BuildHistory() =>
    [
        _git.WithEchoC(seh: false).WithToaster().Commit("Echo and toaster", Monday),
        _git.Write(EchoFixture.QueueC, EchoFixture.Queue).Commit("__try around the copy", Monday.AddDays(1)),
        _git.WithEchoRust().Commit("Rust port", Monday.AddDays(2)),
        _git.Write(EchoFixture.DriverC, DriverFiles.DriverWithCounters(2)).Commit("Counters", Monday.AddDays(3)),
    ];

    private static readonly Dictionary<string, string> ClocNames = new(StringComparer.Ordinal)
    {
        [".c"] = "C",
        [".h"] = "C/C++ Header",
        [".rs"] = "Rust",
    };

    [Fact]
    public async Task A_backfill_stores_one_analysis_per_distinct_file_content_and_language()
    {
        var commits = BuildHistory();
        var id = await _world.AddRepositoryAsync(_git.Path);

        await _world.BackfillAsync(id, BackfillGranularity.EveryCommit);

        var expected = commits.SelectMany(_git.SourceBlobs).Select(b => (b.Blob, ClocNames[b.Extension])).Distinct().ToList();
        await using var context = _world.Storage.CreateDbContext();
        var stored = await context.FileAnalyses.Select(f => new { f.BlobId, f.Language, f.CodeLines }).ToListAsync(TestContext.Current.CancellationToken);
        stored.Select(f => (f.BlobId, f.Language)).ShouldBe(expected, ignoreOrder: true);
        stored.Single(f => f.BlobId == _git.BlobAt(commits[0], EchoFixture.DeviceH)).CodeLines.ShouldBe(DriverFiles.EchoHeaderCode);
        stored.Single(f => f.BlobId == _git.BlobAt(commits[1], EchoFixture.QueueC)).CodeLines.ShouldBe(18);
    }

    [Fact]
    public async Task A_clone_with_the_same_contents_is_scanned_without_analysing_them_again()
    {
        BuildHistory();
        var original = await _world.AddRepositoryAsync(_git.Path);
        await _world.BackfillAsync(original, BackfillGranularity.EveryCommit);
        var analyses = (await _world.CountsAsync()).FileAnalyses;
        var clonePath = LibGit2Sharp.Repository.Clone(_git.Path, _sources.Combine("echo-clone"));
        var clone = await _world.AddRepositoryAsync(Path.GetDirectoryName(clonePath.TrimEnd('/', '\\'))!, "Echo drivers (fork)");

        var run = await _world.BackfillAsync(clone, BackfillGranularity.EveryCommit);

        run.Status.ShouldBe(BackfillStatus.Succeeded);
        (await _world.CountsAsync()).FileAnalyses.ShouldBe(analyses);
        var cloned = await _world.SnapshotsAsync(clone);
        cloned.Count.ShouldBe((await _world.SnapshotsAsync(original)).Count);
        cloned.Select(s => (s.Driver!.ProjectPath, s.CommitId, s.TotalCodeLines, s.ReadinessScore)).ShouldBe(
            (await _world.SnapshotsAsync(original)).Select(s => (s.Driver!.ProjectPath, s.CommitId, s.TotalCodeLines, s.ReadinessScore)), ignoreOrder: true);
    }
}
