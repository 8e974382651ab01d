using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Portfolio;

/// <summary>
/// The drivers grid: filtering, sorting and paging done by the database, on each driver's newest
/// snapshot. The same query feeds the grid and its CSV download, so the file holds what the grid shows.
/// </summary>
public sealed class DriverQueries(IDbContextFactory<TrackerDbContext> contextFactory)
{
    public async Task<DriverGridPage> PageAsync(DriverGridQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = Filtered(context, query);
        var total = await rows.CountAsync(cancellationToken);
        var page = await Sorted(rows, query)
            .Skip(Math.Max(0, query.Page) * Math.Clamp(query.PageSize, 1, 500))
            .Take(Math.Clamp(query.PageSize, 1, 500))
            .ToListAsync(cancellationToken);
        return new DriverGridPage(page, total);
    }

    /// <summary>Every row of the filtered, sorted view (no paging), for the CSV download.</summary>
    public static IAsyncEnumerable<DriverRow> AllAsync(DriverGridQuery query, TrackerDbContext context)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Sorted(Filtered(context, query), query).AsAsyncEnumerable();
    }

    /// <summary>Teams, repositories and frameworks present, for the filter lists.</summary>
    public async Task<DriverFilterChoices> ChoicesAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return new DriverFilterChoices(
            await context.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new Choice(t.Id, t.Name)).ToListAsync(cancellationToken),
            await context.Repositories.AsNoTracking().OrderBy(r => r.Name).Select(r => new Choice(r.Id, r.Name)).ToListAsync(cancellationToken),
            await context.Drivers.AsNoTracking().Where(d => d.Framework != null).Select(d => d.Framework!).Distinct().OrderBy(f => f).ToListAsync(cancellationToken));
    }

    private static IQueryable<DriverRow> Filtered(TrackerDbContext context, DriverGridQuery query)
    {
        var drivers = context.Drivers.AsNoTracking().Where(d => d.RemovedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToLowerInvariant();

            // Runs in the database as LOWER(...): the culture of this process does not apply.
#pragma warning disable CA1304, CA1311, CA1862
            drivers = drivers.Where(d => d.Name.ToLower().Contains(text) || d.ProjectPath.ToLower().Contains(text));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (query.TeamId is { } team)
        {
            drivers = drivers.Where(d => d.TeamId == team);
        }

        if (query.RepositoryId is { } repository)
        {
            drivers = drivers.Where(d => d.RepositoryId == repository);
        }

        if (query.Language is { } language)
        {
            drivers = drivers.Where(d => d.Language == language);
        }

        if (query.Model is { } model)
        {
            drivers = drivers.Where(d => d.Model == model);
        }

        if (!string.IsNullOrWhiteSpace(query.Framework))
        {
            drivers = query.Framework == "None" ? drivers.Where(d => d.Framework == null) : drivers.Where(d => d.Framework == query.Framework);
        }

        if (query.Stage is { } stage)
        {
            drivers = drivers.Where(d => d.Stage == stage);
        }

        var rows =
            from d in drivers
            let latest = d.Snapshots.OrderByDescending(s => s.CommitTime).FirstOrDefault()
            select new DriverRow
            {
                Id = d.Id,
                Name = d.Name,
                Repository = d.Repository!.Name,
                ProjectPath = d.ProjectPath,
                Language = d.Language,
                Model = d.Model,
                Framework = d.Framework,
                Team = d.Team != null ? d.Team.Name : null,
                Stage = d.Stage,
                Readiness = latest != null ? latest.ReadinessScore : null,
                Band = latest != null ? latest.ReadinessBand : ReadinessBand.None,
                UnsafeShare = latest != null ? latest.UnsafeShare : null,
                CodeLines = latest != null ? latest.CCodeLines + latest.CppCodeLines + latest.HeaderCodeLines + latest.RustCodeLines : 0,
                Counterpart = d.Counterpart != null ? d.Counterpart.Name : null,
                LastCommit = latest != null ? latest.CommitTime : null,
            };

        if (query.Band is { } band)
        {
            rows = rows.Where(r => r.Band == band);
        }

        return rows;
    }

    private static IQueryable<DriverRow> Sorted(IQueryable<DriverRow> rows, DriverGridQuery query)
    {
        var sorted = (query.Sort, query.Descending) switch
        {
            (DriverSort.Repository, false) => rows.OrderBy(r => r.Repository),
            (DriverSort.Repository, true) => rows.OrderByDescending(r => r.Repository),
            (DriverSort.Team, false) => rows.OrderBy(r => r.Team),
            (DriverSort.Team, true) => rows.OrderByDescending(r => r.Team),
            (DriverSort.Language, false) => rows.OrderBy(r => r.Language),
            (DriverSort.Language, true) => rows.OrderByDescending(r => r.Language),
            (DriverSort.Model, false) => rows.OrderBy(r => r.Model),
            (DriverSort.Model, true) => rows.OrderByDescending(r => r.Model),
            (DriverSort.Framework, false) => rows.OrderBy(r => r.Framework),
            (DriverSort.Framework, true) => rows.OrderByDescending(r => r.Framework),
            (DriverSort.Stage, false) => rows.OrderBy(r => r.Stage),
            (DriverSort.Stage, true) => rows.OrderByDescending(r => r.Stage),
            (DriverSort.Readiness, false) => rows.OrderBy(r => r.Readiness),
            (DriverSort.Readiness, true) => rows.OrderByDescending(r => r.Readiness),
            (DriverSort.UnsafeShare, false) => rows.OrderBy(r => r.UnsafeShare),
            (DriverSort.UnsafeShare, true) => rows.OrderByDescending(r => r.UnsafeShare),
            (DriverSort.CodeLines, false) => rows.OrderBy(r => r.CodeLines),
            (DriverSort.CodeLines, true) => rows.OrderByDescending(r => r.CodeLines),
            (DriverSort.LastCommit, false) => rows.OrderBy(r => r.LastCommit),
            (DriverSort.LastCommit, true) => rows.OrderByDescending(r => r.LastCommit),
            (_, true) => rows.OrderByDescending(r => r.Name),
            _ => rows.OrderBy(r => r.Name),
        };

        // A stable order across pages: ties broken by id.
        return sorted.ThenBy(r => r.Id);
    }
}

public sealed record Choice(int Id, string Name);

public sealed record DriverFilterChoices(IReadOnlyList<Choice> Teams, IReadOnlyList<Choice> Repositories, IReadOnlyList<string> Frameworks);
