using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Portfolio;

/// <summary>A team's drivers summed up from their newest snapshots.</summary>
public sealed record TeamRollup(
    int? TeamId,
    string Team,
    int CDrivers,
    int RustDrivers,
    int CDriversWithPort,
    int Migrated,
    int CCodeLines,
    int RustCodeLines,
    double? MedianReadiness,
    double? MeanUnsafeShare)
{
    /// <summary>Rust's share of the team's driver code lines.</summary>
    public double? RustShare => CCodeLines + RustCodeLines == 0 ? null : (double)RustCodeLines / (CCodeLines + RustCodeLines);
}

/// <summary>Per-team roll-ups for the Teams page (drivers without a team form their own row).</summary>
public sealed class TeamQueries(IDbContextFactory<TrackerDbContext> contextFactory)
{
    public async Task<IReadOnlyList<TeamRollup>> RollupsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var drivers = await (
            from d in context.Drivers.AsNoTracking()
            where d.RemovedAt == null
            let latest = d.Snapshots.OrderByDescending(s => s.CommitTime).FirstOrDefault()
            select new
            {
                d.TeamId,
                Team = d.Team != null ? d.Team.Name : null,
                d.Language,
                d.Stage,
                HasPort = d.CounterpartId != null,
                CCode = latest != null ? latest.CCodeLines + latest.CppCodeLines + latest.HeaderCodeLines : 0,
                RustCode = latest != null ? latest.RustCodeLines : 0,
                Readiness = latest != null ? latest.ReadinessScore : null,
                Unsafe = latest != null ? latest.UnsafeShare : null,
            }).ToListAsync(cancellationToken);

        return [.. drivers
            .GroupBy(d => (d.TeamId, d.Team))
            .Select(g =>
            {
                var c = g.Where(d => d.Language != DriverLanguage.Rust).ToList();
                var rust = g.Where(d => d.Language == DriverLanguage.Rust).ToList();
                var unsafeShares = rust.Where(d => d.Unsafe is not null).Select(d => d.Unsafe!.Value).ToList();
                return new TeamRollup(
                    g.Key.TeamId,
                    g.Key.Team ?? "No team",
                    c.Count,
                    rust.Count,
                    c.Count(d => d.HasPort),
                    g.Count(d => d.Stage == MigrationStage.Migrated),
                    g.Sum(d => d.CCode),
                    g.Sum(d => d.RustCode),
                    Median(c.Where(d => d.Readiness is not null).Select(d => d.Readiness!.Value)),
                    unsafeShares.Count == 0 ? null : unsafeShares.Average());
            })
            .OrderBy(r => r.TeamId is null)
            .ThenBy(r => r.Team, StringComparer.OrdinalIgnoreCase)];
    }

    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
