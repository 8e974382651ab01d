using MigrationTracker.Core;
using MigrationTracker.Core.Storage;
using MigrationTracker.Workers;
using MigrationTracker.Workers.Hosting;
using MigrationTracker.Workers.Scanning;
using MigrationTracker.Workers.Sync;

// A standalone job server for scale-out: it runs only the Hangfire server against the shared storage.
// The web process owns the schema; this process waits until the schema is current.
// With --check-health it only checks that the database answers with a current schema (exit code 0)
// and exits, for container health checks. "scan PATH" analyses a tree and prints the result (see README).
if (args.Length > 0 && args[0] == ScanCommand.Name)
{
    // The analysis code compiles on a spare thread while the command line is read and the tree listed.
    ThreadPool.UnsafeQueueUserWorkItem(_ => ScanCommand.WarmUp(), null);

    // Buffered: a report for a large tree is thousands of lines.
    await using var output = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16);
    return await ScanCommand.RunAsync(args[1..], output, Console.Error);
}

// Syncs, backfills and the job server yield the CPU to the web process on a shared machine.
if (args.Length == 0 || args[0] != ScanCommand.Name)
{
    WorkerPriority.Apply(Console.Error);
}

if (args.Length > 0 && HistoryCommands.Names.Contains(args[0]))
{
    return await HistoryCommands.RunAsync(args, Console.Out, Console.Error);
}

try
{
    var checkHealth = args.Contains(HealthProbe.Argument, StringComparer.Ordinal);
    var builder = Host.CreateApplicationBuilder(args.Where(a => a != HealthProbe.Argument).ToArray());
    var storage = builder.AddTrackerDatabase();
    if (checkHealth)
    {
        using var probeHost = builder.Build();
        return await HealthProbe.RunAsync(probeHost.Services, Console.Out);
    }

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
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    // A setting checked at start (ValidateOnStart) is wrong: say which, without a stack trace.
    await Console.Error.WriteLineAsync($"MigrationTracker workers cannot start: {string.Join(" ", ex.Failures)}");
    return 2;
}
