using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Scoring;
using MigrationTracker.Workers.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Sync;

/// <summary>
/// Scans commits of one repository's mirror and stores their snapshots. Keeps what it learned
/// between commits (folder listings, file results, drivers), so a history is scanned at the cost of
/// its changes. One session per job; not thread-safe.
/// </summary>
public sealed class ScanSession : IDisposable
{
    private readonly Repository _repository;
    private readonly LibGit2Sharp.Repository _git;
    private readonly GitTreeCache _trees = new();
    private readonly TreeAnalyzer _analyzer;
    private readonly FileAnalysisStore _files;
    private readonly SnapshotWriter _writer;

    internal ScanSession(Repository repository, string mirrorPath, ReadinessPolicy policy, ScanOptions options, FileAnalysisStore files, SnapshotWriter writer)
    {
        _repository = repository;
        _git = new LibGit2Sharp.Repository(mirrorPath);
        _analyzer = new TreeAnalyzer(options, policy);
        _files = files;
        _writer = writer;
    }

    public LibGit2Sharp.Repository Git => _git;

    public async Task<SnapshotWriteResult> ScanAsync(CommitPoint commit, CancellationToken cancellationToken)
    {
        ScanReport report;
        using (var tree = new GitSourceTree(_git, commit.Sha, _trees))
        {
            await _files.LoadAsync(_analyzer.Files, tree.Files, cancellationToken);
            report = _analyzer.Analyze(tree, commit.Sha);
        }

        await _files.SaveAsync(_analyzer.Files, cancellationToken);
        return await _writer.WriteAsync(_repository, commit, report, _analyzer.Policy.Version, cancellationToken);
    }

    /// <summary>Ends a run of scans: drivers' first-seen and removal times follow the commits now scanned.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => _writer.RefreshLifetimesAsync(_repository.Id, cancellationToken);

    public void Dispose() => _git.Dispose();
}

/// <summary>Opens scan sessions with the policy in force and the configured analysis settings.</summary>
public sealed class ScanSessions(
    ScoringPolicies policies,
    FileAnalysisStore files,
    IDbContextFactory<TrackerDbContext> contextFactory,
    SnapshotStore snapshots,
    TimeProvider clock,
    IOptions<SyncOptions> options)
{
    public async Task<ScanSession> OpenAsync(Repository repository, string mirrorPath, CancellationToken cancellationToken)
    {
        var policy = await policies.CurrentAsync(cancellationToken);
        var scan = new ScanOptions { MaxFileBytes = options.Value.MaxFileBytes };
        return new ScanSession(repository, mirrorPath, policy, scan, files, new SnapshotWriter(contextFactory, snapshots, clock));
    }
}
