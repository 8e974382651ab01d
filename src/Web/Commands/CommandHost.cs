using MigrationTracker.Core;
using MigrationTracker.Core.Storage;

namespace MigrationTracker.Web.Commands;

/// <summary>The services a command-line verb runs against: the configured database with its schema brought up to date.</summary>
internal static class CommandHost
{
    /// <summary>
    /// Builds the app from the settings the verb did not recognise (<c>--Database:Provider PostgreSql</c>, ...) and
    /// applies migrations. Standard output is left to the verb; log lines go to standard error.
    /// </summary>
    /// <exception cref="ConfigurationErrorException">A setting is wrong; the message names it.</exception>
    public static async Task<WebApplication> StartAsync(IEnumerable<string> settings, CancellationToken cancellationToken, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder([.. settings]);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddTrackerDatabase();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        try
        {
            await app.Services.GetRequiredService<DatabaseSchema>().MigrateAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
