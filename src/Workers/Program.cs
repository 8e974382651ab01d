using MigrationTracker.Core;
using MigrationTracker.Core.Storage;
using MigrationTracker.Workers;
using MigrationTracker.Workers.Hosting;

// A standalone job server for scale-out: it runs only the Hangfire server against the shared storage.
// The web process owns the schema; this process waits until the schema is current.
try
{
    var builder = Host.CreateApplicationBuilder(args);
    var storage = builder.AddTrackerDatabase();
    builder.AddTrackerJobs(storage, SchemaRole.Wait);

    using var host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (ConfigurationErrorException ex)
{
    await Console.Error.WriteLineAsync($"MigrationTracker workers cannot start: {ex.Message}");
    return 2;
}
