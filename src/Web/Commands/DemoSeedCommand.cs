using System.CommandLine;
using System.Globalization;
using MigrationTracker.Core;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Storage;

namespace MigrationTracker.Web.Commands;

/// <summary>
/// <c>demo-seed [--drivers N] [--repositories N] [--teams N] [--weeks N] [--seed N]</c> on the web executable:
/// writes a synthetic portfolio into the configured (empty) database and exits. Exit codes: 0 done,
/// 1 the database already holds repositories, 2 wrong settings.
/// </summary>
internal static class DemoSeedCommand
{
    public const string Name = "demo-seed";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var defaults = new DemoPortfolioOptions();
        var drivers = new Option<int>("--drivers") { Description = "Drivers to create, C/C++ and Rust together.", DefaultValueFactory = _ => defaults.Drivers };
        var repositories = new Option<int>("--repositories") { Description = "Repositories to spread them over.", DefaultValueFactory = _ => defaults.Repositories };
        var teams = new Option<int>("--teams") { Description = "Teams owning the repositories.", DefaultValueFactory = _ => defaults.Teams };
        var weeks = new Option<int>("--weeks") { Description = "Weeks of history, ending this week.", DefaultValueFactory = _ => defaults.Weeks };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: the same seed gives the same portfolio.", DefaultValueFactory = _ => defaults.Seed };
        var root = new RootCommand("Writes a synthetic portfolio (teams, repositories, drivers, weekly snapshots, builds) into an empty database.")
        {
            drivers, repositories, teams, weeks, seed,
        };

        root.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                await using var app = await CommandHost.StartAsync(parse.UnmatchedTokens, cancellationToken);

                var options = new DemoPortfolioOptions(parse.GetValue(teams), parse.GetValue(repositories), parse.GetValue(drivers), parse.GetValue(weeks), parse.GetValue(seed));
                var result = await app.Services.GetRequiredService<DemoPortfolio>().SeedAsync(options, cancellationToken);
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Seeded {result.Teams} teams, {result.Repositories} repositories, {result.Drivers} drivers, {result.Snapshots} snapshots and {result.Builds} builds in {result.Elapsed.TotalSeconds:F1} s."));
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                await error.WriteLineAsync($"demo-seed: {ex.Message}");
                return 1;
            }
            catch (ConfigurationErrorException ex)
            {
                await error.WriteLineAsync($"demo-seed: MigrationTracker cannot open its database: {ex.Message}");
                return 2;
            }
        });

        // Tokens the command does not know are settings (--Database:Provider PostgreSql, --contentRoot DIR), as for the web app.
        root.TreatUnmatchedTokensAsErrors = false;
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
