using Hangfire;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MigrationTracker.Web.Security;

namespace MigrationTracker.Web.Api;

/// <summary>
/// Operator endpoints that prove the job pipeline works end to end: a probe job is enqueued
/// and whichever job server runs it records its name and process id.
/// </summary>
internal static class DiagnosticsEndpoints
{
    public static void MapDiagnosticsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/diagnostics")
            .RequireAuthorization(Security.AccessPolicies.Administer)
            .WithTags("Diagnostics");

        group.MapPost("/worker-probes", EnqueueProbeAsync).RequireScriptHeader();
        group.MapGet("/worker-probes/{id:guid}", GetProbeAsync);
    }

    private static async Task<Created<WorkerProbeResponse>> EnqueueProbeAsync(
        IDbContextFactory<TrackerDbContext> contextFactory,
        IBackgroundJobClient jobs,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var probe = new WorkerProbe { Id = Guid.NewGuid(), RequestedAt = clock.GetUtcNow().UtcDateTime };
        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            context.WorkerProbes.Add(probe);
            await context.SaveChangesAsync(cancellationToken);
        }

        jobs.Enqueue<IWorkerProbeJob>(JobQueues.Default, job => job.RunAsync(probe.Id, CancellationToken.None));
        return TypedResults.Created($"/api/diagnostics/worker-probes/{probe.Id}", WorkerProbeResponse.From(probe));
    }

    private static async Task<Results<Ok<WorkerProbeResponse>, NotFound>> GetProbeAsync(
        Guid id,
        IDbContextFactory<TrackerDbContext> contextFactory,
        CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var probe = await context.WorkerProbes.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return probe is null ? TypedResults.NotFound() : TypedResults.Ok(WorkerProbeResponse.From(probe));
    }
}

internal sealed record WorkerProbeResponse(Guid Id, DateTime RequestedAt, DateTime? CompletedAt, string? WorkerName, int? ProcessId)
{
    public static WorkerProbeResponse From(WorkerProbe probe) =>
        new(probe.Id, probe.RequestedAt, probe.CompletedAt, probe.WorkerName, probe.ProcessId);
}
