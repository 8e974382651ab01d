using MigrationTracker.Core.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using MigrationTracker.Web.Security;

namespace MigrationTracker.Web.Api;

/// <summary>
/// <c>/api/reports</c>: the stored weekly reports in any format. <c>GET /api/reports/{week}?format=xlsx&amp;team=slug</c>
/// (week as <c>2026-W47</c> or any date in it), <c>GET /api/reports/latest</c>, and <c>POST /api/reports/{week}</c> to generate one
/// (signed in with the cookie, with <c>X-Requested-With: XMLHttpRequest</c>; see <see cref="CrossSiteRequests"/>).
/// </summary>
internal static class ReportsEndpoints
{
    public static void MapReportsEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Security.AccessPolicies.Read);
        reports.MapGet("/", ListAsync);
        reports.MapGet("/latest", LatestAsync);
        reports.MapGet("/{week}", GetAsync);
        reports.MapPost("/{week}", GenerateAsync).RequireAuthorization(Security.AccessPolicies.Manage).RequireScriptHeader();
    }

    private static async Task<Ok<IReadOnlyList<StoredReportSummary>>> ListAsync(ReportStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken: cancellationToken));

    private static async Task<IResult> LatestAsync(string? format, string? team, ReportStore store, ReportRenderer renderer, CancellationToken cancellationToken)
    {
        if (!TryFormat(format, out var reportFormat, out var problem))
        {
            return problem;
        }

        var scope = team?.Trim() ?? WeeklyReport.OrganisationScope;
        var report = await store.LatestAsync(scope, cancellationToken);
        return report is null
            ? NotFound($"No report is stored for {ScopeWords(scope)} yet. Generate one on the Reports page or with POST /api/reports/{{week}}.")
            : Render(ReportStore.Model(report), reportFormat, renderer);
    }

    private static async Task<IResult> GetAsync(string week, string? format, string? team, ReportStore store, ReportRenderer renderer, CancellationToken cancellationToken)
    {
        if (!TryWeek(week, out var weekStart, out var problem) || !TryFormat(format, out var reportFormat, out problem))
        {
            return problem;
        }

        var scope = team?.Trim() ?? WeeklyReport.OrganisationScope;
        var report = await store.FindAsync(weekStart, scope, cancellationToken);
        return report is null
            ? NotFound($"No report is stored for {ScopeWords(scope)} in {ReportWeek.IsoName(weekStart)}. Generate it on the Reports page or with POST /api/reports/{ReportWeek.IsoName(weekStart)}{(scope.Length == 0 ? "" : $"?team={scope}")}.")
            : Render(ReportStore.Model(report), reportFormat, renderer);
    }

    private static async Task<IResult> GenerateAsync(string week, string? team, bool? regenerate, ReportStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!TryWeek(week, out var weekStart, out var problem))
        {
            return problem;
        }

        if (ReportWeek.StartUtc(weekStart) > clock.GetUtcNow().UtcDateTime)
        {
            return TypedResults.Problem($"The week {ReportWeek.IsoName(weekStart)} has not started yet.", statusCode: StatusCodes.Status400BadRequest, title: "Week in the future");
        }

        try
        {
            var report = await store.GenerateAsync(weekStart, team?.Trim() ?? WeeklyReport.OrganisationScope, "api", regenerate ?? false, cancellationToken);
            var summary = new { report.Id, week = ReportWeek.IsoName(report.WeekStart), report.WeekStart, report.Scope, report.AsOf, report.GeneratedAt, report.GeneratedBy };
            return TypedResults.Created($"/api/reports/{ReportWeek.IsoName(report.WeekStart)}{(report.Scope.Length == 0 ? "" : $"?team={Uri.EscapeDataString(report.Scope)}")}", summary);
        }
        catch (UnknownScopeException ex)
        {
            return NotFound(ex.Message);
        }
    }

    private static IResult Render(WeeklyReport model, ReportFormat? format, ReportRenderer renderer)
    {
        if (format is not { } f)
        {
            return Results.Text(ReportJson.Serialize(model), "application/json; charset=utf-8");
        }

        try
        {
            return TypedResults.File(renderer.Render(model, f), f.ContentType(), model.FileName(f.Extension()));
        }
        catch (FileNotFoundException ex) when (f == ReportFormat.Pdf)
        {
            // The fonts the PDF needs are missing on this server; the message names the file and the package.
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF reports are not available");
        }
    }

    private static bool TryWeek(string text, out DateOnly weekStart, out IResult problem)
    {
        problem = Results.Empty;
        if (ReportWeek.TryParse(text, out weekStart))
        {
            return true;
        }

        problem = TypedResults.Problem(
            "The week must be an ISO week such as 2026-W47, or a date inside the week such as 2026-11-18.",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Not a week");
        return false;
    }

    private static bool TryFormat(string? text, out ReportFormat? format, out IResult problem)
    {
        format = null;
        problem = Results.Empty;
        if (string.IsNullOrWhiteSpace(text) || string.Equals(text, "json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (ReportFormats.TryParse(text, out var parsed))
        {
            format = parsed;
            return true;
        }

        problem = TypedResults.Problem(
            "The format must be one of xlsx, pdf, csv, md (Markdown) or json (the report model, the default).",
            statusCode: StatusCodes.Status400BadRequest,
            title: "Unknown format");
        return false;
    }

    private static string ScopeWords(string scope) => scope.Length == 0 ? "the whole organisation" : $"team '{scope}'";

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "No such report");
}
