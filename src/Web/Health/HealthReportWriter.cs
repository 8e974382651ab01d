using System.Text.Json;
using MigrationTracker.Web.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MigrationTracker.Web.Health;

/// <summary>
/// Writes the readiness report as JSON: the overall status and each check's name and status for anyone (orchestrators
/// probe anonymously); what each check found, and how long it took, only for a signed-in Administrator. Findings can
/// name database hosts and users (an exception's message), pending migrations and job counts. A failing check's
/// finding also goes to the log, as the health check service writes it.
/// </summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        object body = context.User.CanAdminister()
            ? new
            {
                status = report.Status.ToString(),
                checks = report.Entries.Select(entry => new
                {
                    name = entry.Key,
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description ?? entry.Value.Exception?.Message,
                    durationMs = Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
                }),
            }
            : new
            {
                status = report.Status.ToString(),
                checks = report.Entries.Select(entry => new { name = entry.Key, status = entry.Value.Status.ToString() }),
            };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
