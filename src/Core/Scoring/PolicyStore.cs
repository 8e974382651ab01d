using System.Text.Json;
using Hangfire;
using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Scoring;

/// <summary>One driver in a policy preview: its newest snapshot scored under the policy in force and under the edited one.</summary>
public sealed record PolicyPreviewRow(int DriverId, string DriverName, double OldScore, ReadinessBand OldBand, double NewScore, ReadinessBand NewBand)
{
    public double Delta => NewScore - OldScore;

    public bool BandChanged => OldBand != NewBand;
}

/// <summary>A saved policy version and the id of the queued rescoring job.</summary>
public sealed record SavedPolicy(ReadinessPolicy Policy, string? RescoreJobId);

/// <summary>What one rescoring run changed.</summary>
public sealed record RescoreResult(int DetailsRescored, int SnapshotsUpdated);

/// <summary>
/// Scoring policy versions: the one in force (the newest stored, else <see cref="ReadinessPolicy.Default"/>),
/// saving a new version (which queues a rescoring), previewing an edit against the drivers' newest
/// snapshots, and rescoring stored snapshots from their stored profiles.
/// </summary>
public sealed class PolicyStore(IDbContextFactory<TrackerDbContext> contextFactory, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>Distinct details rescored per batch.</summary>
    public const int BatchSize = 100;

    public async Task<ReadinessPolicy> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var newest = await context.ScoringPolicies.AsNoTracking()
            .OrderByDescending(p => p.Version)
            .Select(p => p.Document)
            .FirstOrDefaultAsync(cancellationToken);
        return newest is null ? ReadinessPolicy.Default : ReadinessPolicy.Parse(newest);
    }

    /// <summary>The version a save would store now.</summary>
    public async Task<int> NextVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var max = await context.ScoringPolicies.MaxAsync(p => (int?)p.Version, cancellationToken);
        return Math.Max(max ?? 0, Math.Max(ReadinessPolicy.Default.Version, 0)) + 1;
    }

    /// <summary>Parses, validates and stores a policy document as the next version; see <see cref="SaveAsync(ReadinessPolicy, string?, string?, CancellationToken)"/>.</summary>
    public Task<SavedPolicy> SaveAsync(string policyJson, string? createdBy, string? comment, CancellationToken cancellationToken = default) =>
        SaveAsync(ReadinessPolicy.Parse(policyJson), createdBy, comment, cancellationToken);

    /// <summary>
    /// Validates the policy and stores it as the next version (its own <see cref="ReadinessPolicy.Version"/> is set to it),
    /// then queues the rescoring of stored snapshots. Throws <see cref="PolicyValidationException"/> listing every problem.
    /// </summary>
    public async Task<SavedPolicy> SaveAsync(ReadinessPolicy policy, string? createdBy, string? comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        for (var attempt = 1; ; attempt++)
        {
            var version = await NextVersionAsync(cancellationToken);
            var stored = policy with { Version = version };
            var problems = stored.Validate();
            if (problems.Count > 0)
            {
                throw new PolicyValidationException(problems);
            }

            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            context.ScoringPolicies.Add(new ScoringPolicy
            {
                Version = version,
                Document = stored.ToJson(),
                CreatedBy = string.IsNullOrWhiteSpace(createdBy) ? null : createdBy.Trim(),
                Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            try
            {
                await context.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                continue; // another save took this version first: take the next one
            }

            var jobId = jobs.Enqueue<IRescoreJob>(JobQueues.Default, job => job.RunAsync(version, CancellationToken.None));
            return new SavedPolicy(stored, jobId);
        }
    }

    /// <summary>
    /// Scores every C/C++ driver's newest snapshot that has a stored profile under the policy in force and
    /// under <paramref name="newPolicy"/>; biggest change first. Removed drivers are left out.
    /// </summary>
    public async Task<IReadOnlyList<PolicyPreviewRow>> PreviewAsync(ReadinessPolicy newPolicy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newPolicy);
        var current = await CurrentAsync(cancellationToken);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var newest = await context.Snapshots.AsNoTracking()
            .Where(s => s.DetailHash != null && s.Driver!.Language != DriverLanguage.Rust && s.Driver.RemovedAt == null
                && s.CommitTime == s.Driver.Snapshots.Max(o => o.CommitTime))
            .Select(s => new { s.DriverId, s.Driver!.Name, Hash = s.DetailHash!, s.Id })
            .ToListAsync(cancellationToken);

        // Two snapshots of one driver at the same commit time: keep the newest row.
        var latest = newest.GroupBy(s => s.DriverId).Select(g => g.MaxBy(s => s.Id)!).ToList();
        var hashes = latest.Select(s => s.Hash).Distinct(StringComparer.Ordinal).ToList();
        var profiles = new Dictionary<string, CDriverProfile>(StringComparer.Ordinal);
        foreach (var chunk in hashes.Chunk(BatchSize))
        {
            var details = await context.SnapshotDetails.AsNoTracking().Where(d => chunk.Contains(d.Hash)).ToListAsync(cancellationToken);
            foreach (var detail in details)
            {
                if (DriverDetail.FromJson(detail.Json).Profile is { } profile)
                {
                    profiles[detail.Hash] = profile;
                }
            }
        }

        var drivers = latest.Where(s => profiles.ContainsKey(s.Hash)).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var changes = ReadinessPreview.Compare(drivers.Select(s => (s.Name, profiles[s.Hash])), current, newPolicy);
        return
        [
            .. drivers.Zip(changes, (driver, change) => new PolicyPreviewRow(driver.DriverId, driver.Name, change.OldScore, change.OldBand, change.NewScore, change.NewBand))
                .OrderByDescending(row => Math.Abs(row.Delta))
                .ThenBy(row => row.DriverName, StringComparer.OrdinalIgnoreCase),
        ];
    }

    /// <summary>
    /// Rescores every stored snapshot scored under an older version from its stored profile: a new detail (same
    /// profile, new readiness) under its new hash, and the snapshots' score, band, version, factor contributions and
    /// detail hash. Code lines and other figures are left alone. Batched; running it again changes nothing, and a
    /// snapshot already scored under this or a newer version is skipped.
    /// </summary>
    public async Task<RescoreResult> RescoreAsync(int policyVersion, CancellationToken cancellationToken = default)
    {
        var policy = await PolicyAsync(policyVersion, cancellationToken);
        int details = 0, snapshots = 0;
        string? after = null;
        while (true)
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var query = context.Snapshots.AsNoTracking()
                .Where(s => s.ScoringPolicyVersion < policyVersion && s.DetailHash != null && s.ReadinessScore != null);
            if (after is not null)
            {
                // Translated to SQL "DetailHash > @after": the database orders both sides alike, and hashes are lowercase hex.
#pragma warning disable CA1309
                query = query.Where(s => string.Compare(s.DetailHash, after) > 0);
#pragma warning restore CA1309
            }

            var batch = await query.Select(s => s.DetailHash!).Distinct().OrderBy(h => h).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return new RescoreResult(details, snapshots);
            }

            after = batch[^1];
            var stored = await context.SnapshotDetails.AsNoTracking().Where(d => batch.Contains(d.Hash)).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var detail in stored)
            {
                var old = DriverDetail.FromJson(detail.Json);
                if (old.Profile is not { } profile)
                {
                    continue;
                }

                var readiness = ReadinessScorer.Score(profile, policy);
                var json = (old with { Readiness = readiness }).ToJson();
                var hash = DriverDetail.HashOf(json);
                await StoreDetailAsync(hash, json, now, cancellationToken);

                var score = readiness.Score;
                var band = readiness.Band;
                var version = readiness.PolicyVersion;
                var scoreJson = JsonSerializer.Serialize(readiness.Factors.ToDictionary(f => f.Id, f => Math.Round(f.Contribution, 3)));
                var oldHash = detail.Hash;
                snapshots += await context.Snapshots
                    .Where(s => s.DetailHash == oldHash && s.ScoringPolicyVersion < policyVersion)
                    .ExecuteUpdateAsync(
                        set => set
                            .SetProperty(s => s.ReadinessScore, score)
                            .SetProperty(s => s.ReadinessBand, band)
                            .SetProperty(s => s.ScoringPolicyVersion, version)
                            .SetProperty(s => s.ScoreJson, scoreJson)
                            .SetProperty(s => s.DetailHash, hash),
                        cancellationToken);
                details++;
            }
        }
    }

    /// <summary>A stored policy version, or the built-in default for its own version.</summary>
    public async Task<ReadinessPolicy> PolicyAsync(int version, CancellationToken cancellationToken = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var document = await context.ScoringPolicies.AsNoTracking().Where(p => p.Version == version).Select(p => p.Document).FirstOrDefaultAsync(cancellationToken);
        if (document is not null)
        {
            return ReadinessPolicy.Parse(document);
        }

        return version == ReadinessPolicy.Default.Version
            ? ReadinessPolicy.Default
            : throw new ArgumentException($"There is no scoring policy version {version}.", nameof(version));
    }

    private async Task StoreDetailAsync(string hash, string json, DateTime now, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await context.SnapshotDetails.AnyAsync(d => d.Hash == hash, cancellationToken))
        {
            return;
        }

        context.SnapshotDetails.Add(new SnapshotDetail { Hash = hash, Json = json, CreatedAt = now });
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Content-addressed: another writer may have stored the identical row first. Anything else is a real failure.
            await using var again = await contextFactory.CreateDbContextAsync(cancellationToken);
            if (!await again.SnapshotDetails.AnyAsync(d => d.Hash == hash, cancellationToken))
            {
                throw;
            }
        }
    }
}
