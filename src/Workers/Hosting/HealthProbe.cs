using MigrationTracker.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Workers.Hosting;

/// <summary>The worker host's health check for container orchestrators: database reachable, schema current.</summary>
public static class HealthProbe
{
    public const string Argument = "--check-health";

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);

        var schema = services.GetRequiredService<DatabaseSchema>();
        var settings = services.GetRequiredService<StorageSettings>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var pending = await schema.GetPendingMigrationsAsync(timeout.Token);
            if (pending.Count > 0)
            {
                await output.WriteLineAsync($"Unhealthy: {pending.Count} migration(s) not applied to {settings.DisplayTarget} yet.");
                return 1;
            }

            await output.WriteLineAsync($"Healthy: {settings.DisplayTarget} answers and its schema is current.");
            return 0;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or OperationCanceledException or InvalidOperationException)
        {
            await output.WriteLineAsync($"Unhealthy: {settings.DisplayTarget} does not answer: {ex.Message}");
            return 1;
        }
    }
}
