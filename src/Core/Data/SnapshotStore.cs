using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Data;

/// <summary>Writes snapshots so that writing the same driver and commit again changes nothing.</summary>
public sealed class SnapshotStore(IDbContextFactory<TrackerDbContext> contextFactory)
{
    /// <summary>
    /// Adds the snapshots whose driver and commit are not stored yet and leaves the others untouched.
    /// Safe when another process writes the same snapshots at the same time. Returns how many were added.
    /// </summary>
    public async Task<int> AddMissingAsync(IReadOnlyCollection<Snapshot> snapshots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        if (snapshots.Count == 0)
        {
            return 0;
        }

        var fresh = await WithoutStoredAsync(snapshots, cancellationToken);
        if (fresh.Count == 0)
        {
            return 0;
        }

        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            context.Snapshots.AddRange(fresh);
            try
            {
                await context.SaveChangesAsync(cancellationToken);
                return fresh.Count;
            }
            catch (DbUpdateException)
            {
                // Another writer stored some of them between our check and our insert; add the rest one by one.
            }
        }

        var added = 0;
        foreach (var snapshot in fresh)
        {
            snapshot.Id = 0;
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            if (await context.Snapshots.AnyAsync(s => s.DriverId == snapshot.DriverId && s.CommitId == snapshot.CommitId, cancellationToken))
            {
                continue;
            }

            context.Snapshots.Add(snapshot);
            try
            {
                await context.SaveChangesAsync(cancellationToken);
                added++;
            }
            catch (DbUpdateException)
            {
                // Lost the race to an identical write: nothing to do. Anything else is a real failure.
                if (!await ExistsAsync(snapshot, cancellationToken))
                {
                    throw;
                }
            }
        }

        return added;
    }

    private async Task<List<Snapshot>> WithoutStoredAsync(IReadOnlyCollection<Snapshot> snapshots, CancellationToken cancellationToken)
    {
        var driverIds = snapshots.Select(s => s.DriverId).Distinct().ToList();
        var commitIds = snapshots.Select(s => s.CommitId).Distinct().ToList();

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await context.Snapshots.AsNoTracking()
            .Where(s => driverIds.Contains(s.DriverId) && commitIds.Contains(s.CommitId))
            .Select(s => new { s.DriverId, s.CommitId })
            .ToListAsync(cancellationToken);
        var storedKeys = stored.Select(s => (s.DriverId, s.CommitId)).ToHashSet();

        return snapshots
            .DistinctBy(s => (s.DriverId, s.CommitId))
            .Where(s => !storedKeys.Contains((s.DriverId, s.CommitId)))
            .ToList();
    }

    private async Task<bool> ExistsAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Snapshots.AnyAsync(s => s.DriverId == snapshot.DriverId && s.CommitId == snapshot.CommitId, cancellationToken);
    }
}
