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

    private static IOrderedQueryable<DriverRow> By<T>(IQueryable<DriverRow> rows, System.Linq.Expressions.Expression<Func<DriverRow, T>> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

    private static IOrderedQueryable<DriverRow> ByNullable<T>(IQueryable<DriverRow> rows, System.Linq.Expressions.Expression<Func<DriverRow, T>> key, bool descending)
    {
        var parameter = key.Parameters[0];
        var isNull = System.Linq.Expressions.Expression.Lambda<Func<DriverRow, bool>>(
            System.Linq.Expressions.Expression.Equal(key.Body, System.Linq.Expressions.Expression.Constant(null, key.Body.Type)), parameter);
        var nullsLast = rows.OrderBy(isNull);
        return descending ? nullsLast.ThenByDescending(key) : nullsLast.ThenBy(key);
    }

    private static IQueryable<DriverRow> Sorted(IQueryable<DriverRow> rows, DriverGridQuery query)
    {
        // Rows without a value (not scored, no team) come last whichever way the column is sorted, on every database.
        var sorted = query.Sort switch
        {
            DriverSort.Repository => By(rows, r => r.Repository, query.Descending),
            DriverSort.Team => ByNullable(rows, r => r.Team, query.Descending),
            DriverSort.Language => By(rows, r => r.Language, query.Descending),
            DriverSort.Model => By(rows, r => r.Model, query.Descending),
            DriverSort.Framework => ByNullable(rows, r => r.Framework, query.Descending),
            DriverSort.Stage => By(rows, r => r.Stage, query.Descending),
            DriverSort.Readiness => ByNullable(rows, r => r.Readiness, query.Descending),
            DriverSort.UnsafeShare => ByNullable(rows, r => r.UnsafeShare, query.Descending),
            DriverSort.CodeLines => By(rows, r => r.CodeLines, query.Descending),
            DriverSort.LastCommit => ByNullable(rows, r => r.LastCommit, query.Descending),
            _ => By(rows, r => r.Name, query.Descending),
        };

        // A stable order across pages: ties broken by id.
        return sorted.ThenBy(r => r.Id);
    }
}

public sealed record Choice(int Id, string Name);

public sealed record DriverFilterChoices(IReadOnlyList<Choice> Teams, IReadOnlyList<Choice> Repositories, IReadOnlyList<string> Frameworks);
