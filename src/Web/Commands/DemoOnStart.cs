using MigrationTracker.Core.Data;
using MigrationTracker.Workers.Demo;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Web.Commands;

/// <summary>
/// <c>--demo</c>: on a database with no repository, builds the demo repositories at start (after
/// the schema is current), so one command shows a populated dashboard.
/// </summary>
internal sealed class DemoOnStart(IDbContextFactory<TrackerDbContext> contextFactory, DemoRepositories demo, ILogger<DemoOnStart> logger) : IHostedService
{
    public const string Switch = "--demo";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await context.Repositories.AnyAsync(cancellationToken))
        {
            logger.LogInformation("--demo: repositories are already tracked; no demo was added");
            return;
        }

        var ids = await demo.CreateAsync(cancellationToken: cancellationToken);
        logger.LogInformation("--demo: {Count} demo repositories added; their history is being scanned (see Repositories)", ids.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
