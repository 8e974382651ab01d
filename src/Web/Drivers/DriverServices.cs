using System.Globalization;
using System.Text;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Reports.Formats;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace MigrationTracker.Web.Drivers;

public static class DriverServices
{
    public static IServiceCollection AddDriverPages(this IServiceCollection services)
    {
        services.AddSingleton<DriverQueries>();
        services.AddSingleton<DriverPages>();
        services.AddSingleton<TeamQueries>();
        return services;
    }

    /// <summary><c>GET /drivers.csv?...</c>: the drivers grid's current view (same address parameters), every page, as CSV.</summary>
    public static IEndpointRouteBuilder MapDriverExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/drivers.csv", async (HttpContext http, IDbContextFactory<TrackerDbContext> contextFactory, CancellationToken cancellationToken) =>
        {
            var query = DriverGridAddress.Parse(http.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal));
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=drivers.csv";
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
            await writer.WriteLineAsync("id,name,repository,project_path,language,model,framework,team,stage,readiness,band,unsafe_share,code_lines,counterpart,last_commit");
            await foreach (var row in DriverQueries.AllAsync(query, context).WithCancellation(cancellationToken))
            {
                string[] cells =
                [
                    row.Id.ToString(CultureInfo.InvariantCulture), row.Name, row.Repository, row.ProjectPath, row.Language.ToString(), row.Model.ToString(),
                    row.Framework ?? "", row.Team ?? "", row.Stage.ToString(),
                    row.Readiness?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", row.Band.ToString(),
                    row.UnsafeShare?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "", row.CodeLines.ToString(CultureInfo.InvariantCulture),
                    row.Counterpart ?? "", row.LastCommit?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "",
                ];
                await writer.WriteLineAsync(string.Join(',', cells.Select(Escape)));
            }
        }).WithName("DriversCsv").RequireAuthorization(Security.AccessPolicies.Read);
        return app;
    }

    /// <summary>
    /// RFC 4180: quote a cell holding a comma, quote or line break. The text goes through the report CSV's own guard first
    /// (<see cref="CsvReportWriter.Text"/>: control characters dropped, a leading = + - @ tab or carriage return neutralised
    /// against spreadsheet formulas), so both exports protect the same way.
    /// </summary>
    private static string Escape(string cell)
    {
        cell = CsvReportWriter.Text(cell);
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
