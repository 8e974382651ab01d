using MigrationTracker.Core;
using MigrationTracker.Core.Storage;
using MigrationTracker.Web;
using MigrationTracker.Web.Commands;
using MigrationTracker.Workers;
using MigrationTracker.Workers.Hosting;

// "apikey ..." manages API keys in the configured database and exits; no web host is started.
if (args is [ApiKeyCommand.Name, ..])
{
    return await ApiKeyCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

// "demo-seed ..." writes a synthetic portfolio into an empty database and exits.
if (args is [DemoSeedCommand.Name, ..])
{
    return await DemoSeedCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

// "user add|list|remove ..." manages the accounts that can sign in and exits.
if (args is [UserCommand.Name, ..])
{
    return await UserCommand.RunAsync(args[1..], Console.In, Console.Out, Console.Error);
}

// "report ..." generates, stores and writes a weekly report and exits.
if (args is [ReportCommand.Name, ..])
{
    return await ReportCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

try
{
    var demo = args.Contains(DemoOnStart.Switch, StringComparer.Ordinal);
    var builder = WebApplication.CreateBuilder(args.Where(a => a != DemoOnStart.Switch).ToArray());

    var storage = builder.AddTrackerDatabase();
    builder.AddTrackerJobs(storage, SchemaRole.Migrate);
    builder.AddWebServices(storage);
    if (demo)
    {
        builder.Services.AddHostedService<DemoOnStart>();
    }

    var app = builder.Build();
    app.UseWebPipeline();
    await app.RunAsync();
    return 0;
}
catch (ConfigurationErrorException ex)
{
    await Console.Error.WriteLineAsync($"MigrationTracker cannot start: {ex.Message}");
    return 2;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    // A setting checked at start (ValidateOnStart) is wrong: say which, without a stack trace.
    await Console.Error.WriteLineAsync($"MigrationTracker cannot start: {string.Join(" ", ex.Failures)}");
    return 2;
}

/// <summary>Entry point, visible to the functional tests.</summary>
public partial class Program;
