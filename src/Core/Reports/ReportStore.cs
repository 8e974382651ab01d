using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Reports;

/// <summary>A stored report as the Reports page lists it, with how its deliveries went.</summary>
public sealed record StoredReportSummary(
    int Id,
    DateOnly WeekStart,
    string Scope,
    string ScopeName,
    DateTime AsOf,
    DateTime GeneratedAt,
    string GeneratedBy,
    IReadOnlyList<DeliverySummary> Deliveries)
{
    public string IsoWeek => ReportWeek.IsoName(WeekStart);
}

/// <summary>A report scope: the organisation ("") or a team's slug, with its name.</summary>
public sealed record ReportScope(string Scope, string Name);

public sealed record DeliverySummary(long Id, DeliveryChannel Channel, string Target, DeliveryStatus Status, int Attempts, DateTime? LastAttemptAt, DateTime? DeliveredAt, string? LastError);

/// <summary>
/// Generates and keeps weekly reports. A report of a week that is over is generated once and then kept as it is
/// (rescoring or later edits never rewrite it) unless someone asks to regenerate it; a report of the current
/// week is refreshed each time it is generated.
/// </summary>
public sealed class ReportStore(IDbContextFactory<TrackerDbContext> contextFactory, WeeklyReportBuilder builder)
{
    /// <summary>The organisation's and every team's report for the week; existing reports of a finished week are kept unless <paramref name="replace"/>.</summary>
    public async Task<IReadOnlyList<StoredReport>> GenerateAllAsync(DateOnly weekStart, string generatedBy, bool replace, CancellationToken cancellationToken = default)
    {
        weekStart = ReportWeek.StartOf(weekStart);
        var models = await builder.BuildAllAsync(weekStart, cancellationToken);
        var stored = new List<StoredReport>(models.Count);
        foreach (var model in models)
        {
            stored.Add(await SaveAsync(model, generatedBy, replace, cancellationToken));
        }

        return stored;
    }

    /// <summary>One report, for the organisation (scope "") or a team (its slug).</summary>
    /// <exception cref="UnknownScopeException">No team has that slug.</exception>
    public async Task<StoredReport> GenerateAsync(DateOnly weekStart, string scope, string generatedBy, bool replace, CancellationToken cancellationToken = default)
    {
        weekStart = ReportWeek.StartOf(weekStart);
        if (!replace && await FindAsync(weekStart, scope, cancellationToken) is { } existing && IsFinal(existing))
        {
            return existing;
        }

        var model = await builder.BuildAsync(weekStart, scope, cancellationToken);
        return await SaveAsync(model, generatedBy, replace, cancellationToken);
    }

    public async Task<StoredReport?> FindAsync(DateOnly weekStart, string scope, CancellationToken cancellationToken = default)
    {
        weekStart = ReportWeek.StartOf(weekStart);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.WeekStart == weekStart && r.Scope == scope, cancellationToken);
    }

    /// <summary>The newest stored report of the scope.</summary>
    public async Task<StoredReport?> LatestAsync(string scope, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Reports.AsNoTracking().Where(r => r.Scope == scope).OrderByDescending(r => r.WeekStart).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<StoredReport?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredReportSummary>> ListAsync(int take = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Slug, t => t.Name, cancellationToken);
        var reports = await db.Reports.AsNoTracking()
            .OrderByDescending(r => r.WeekStart).ThenBy(r => r.Scope)
            .Take(take)
            .Select(r => new
            {
                r.Id, r.WeekStart, r.Scope, r.AsOf, r.GeneratedAt, r.GeneratedBy,
                Deliveries = r.Deliveries.OrderBy(d => d.Channel).ThenBy(d => d.Target)
                    .Select(d => new DeliverySummary(d.Id, d.Channel, d.Target, d.Status, d.Attempts, d.LastAttemptAt, d.DeliveredAt, d.LastError))
                    .ToList(),
            })
            .ToListAsync(cancellationToken);
        return [.. reports.Select(r => new StoredReportSummary(
            r.Id, r.WeekStart, r.Scope,
            r.Scope.Length == 0 ? "Whole organisation" : teams.GetValueOrDefault(r.Scope, r.Scope),
            r.AsOf, r.GeneratedAt, r.GeneratedBy, r.Deliveries))];
    }

    /// <summary>The organisation, then each team by name.</summary>
    public async Task<IReadOnlyList<ReportScope>> ScopesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new ReportScope(t.Slug, t.Name)).ToListAsync(cancellationToken);
        return [new ReportScope(WeeklyReport.OrganisationScope, "Whole organisation"), .. teams];
    }

    public static WeeklyReport Model(StoredReport report) => ReportJson.Deserialize(report.ModelJson);

    /// <summary>A report stands for good once its week was over when it was generated.</summary>
    public static bool IsFinal(StoredReport report) => report.AsOf >= ReportWeek.EndUtc(report.WeekStart);

    private async Task<StoredReport> SaveAsync(WeeklyReport model, string generatedBy, bool replace, CancellationToken cancellationToken)
    {
        var json = ReportJson.Serialize(model);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Reports.SingleOrDefaultAsync(r => r.WeekStart == model.WeekStart && r.Scope == model.Scope, cancellationToken);
        if (existing is not null)
        {
            if (IsFinal(existing) && !replace)
            {
                return existing;
            }

            existing.ModelJson = json;
            existing.AsOf = model.AsOf;
            existing.GeneratedAt = model.GeneratedAt;
            existing.GeneratedBy = generatedBy;
            await db.SaveChangesAsync(cancellationToken);
            return existing;
        }

        var report = new StoredReport
        {
            WeekStart = model.WeekStart,
            Scope = model.Scope,
            AsOf = model.AsOf,
            GeneratedAt = model.GeneratedAt,
            GeneratedBy = generatedBy,
            ModelJson = json,
        };
        db.Reports.Add(report);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return report;
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another process stored the same week and scope first: one report per week and scope, the first one kept.
            var winner = await FindAsync(model.WeekStart, model.Scope, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return winner;
        }
    }
}
