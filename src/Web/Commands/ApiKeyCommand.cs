using System.CommandLine;
using System.Globalization;
using MigrationTracker.Core;
using MigrationTracker.Core.Security;
using MigrationTracker.Core.Storage;

namespace MigrationTracker.Web.Commands;

/// <summary>
/// <c>apikey create NAME [--repository ID] | list | revoke NAME</c> on the web executable: manages the
/// keys CI systems post build results with, in the configured database. Exit codes: 0 done, 1 bad
/// input (the message says what to fix), 2 wrong settings.
/// </summary>
internal static class ApiKeyCommand
{
    public const string Name = "apikey";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Manages the API keys that CI systems use to post build results to POST /api/builds.");

        var createName = new Argument<string>("name") { Description = "A name for the key, usually the CI system that will use it." };
        var repository = new Option<int?>("--repository") { Description = "Limit the key to the repository with this id." };
        var team = new Option<string?>("--team") { Description = "Limit the key to the repositories of the team with this slug." };
        var create = new Command("create", "Creates a key and prints it once; only its hash is stored.") { createName, repository, team };
        create.SetAction((parse, cancellationToken) => WithStoreAsync(parse, error, async store =>
        {
            var created = await store.CreateAsync(parse.GetValue(createName)!, parse.GetValue(repository), parse.GetValue(team), cancellationToken);
            await output.WriteLineAsync(created.Key);
            await output.WriteLineAsync($"Created API key '{created.Info.Name}' (prefix {created.Info.Prefix}, {Scope(created.Info)}).");
            await output.WriteLineAsync("Copy the key now: it is stored only as a hash and will not be shown again.");
        }, cancellationToken));

        var list = new Command("list", "Lists keys by name and prefix, with scope, creation, last use and revocation.");
        list.SetAction((parse, cancellationToken) => WithStoreAsync(parse, error, async store =>
        {
            var keys = await store.ListAsync(cancellationToken);
            if (keys.Count == 0)
            {
                await output.WriteLineAsync("No API keys yet. Create one with 'apikey create NAME'.");
                return;
            }

            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "{0,-30} {1,-8} {2,-28} {3,-17} {4,-17} {5}", "NAME", "PREFIX", "SCOPE", "CREATED", "LAST USED", "REVOKED"));
            foreach (var key in keys)
            {
                await output.WriteLineAsync(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0,-30} {1,-8} {2,-28} {3,-17} {4,-17} {5}",
                    key.Name,
                    key.Prefix,
                    Scope(key),
                    Time(key.CreatedAt),
                    Time(key.LastUsedAt) ?? "never",
                    Time(key.RevokedAt) ?? "-"));
            }
        }, cancellationToken));

        var revokeName = new Argument<string>("name") { Description = "The name of the key to revoke." };
        var revoke = new Command("revoke", "Revokes a key: requests with it are refused from now on.") { revokeName };
        revoke.SetAction((parse, cancellationToken) => WithStoreAsync(parse, error, async store =>
        {
            var key = await store.RevokeAsync(parse.GetValue(revokeName)!, cancellationToken);
            await output.WriteLineAsync($"Revoked API key '{key.Name}' (prefix {key.Prefix}) at {Time(key.RevokedAt)} UTC.");
        }, cancellationToken));

        root.Subcommands.Add(create);
        root.Subcommands.Add(list);
        root.Subcommands.Add(revoke);

        // Tokens the command does not know are settings (--Database:Provider PostgreSql, --contentRoot DIR), as for the web app.
        root.TreatUnmatchedTokensAsErrors = false;
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(configuration);
    }

    private static async Task<int> WithStoreAsync(ParseResult parse, TextWriter error, Func<ApiKeyStore, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            // Standard output carries the key and nothing else the program says; log lines go to standard error.
            await using var app = await CommandHost.StartAsync(parse.UnmatchedTokens, cancellationToken);
            await action(app.Services.GetRequiredService<ApiKeyStore>());
            return 0;
        }
        catch (ApiKeyException ex)
        {
            await error.WriteLineAsync($"apikey: {ex.Message}");
            return 1;
        }
        catch (ConfigurationErrorException ex)
        {
            await error.WriteLineAsync($"apikey: MigrationTracker cannot open its database: {ex.Message}");
            return 2;
        }
    }

    private static string Scope(ApiKeyInfo key) => key switch
    {
        { RepositoryId: { } id } => $"repository {id.ToString(CultureInfo.InvariantCulture)}{(key.RepositoryName is null ? string.Empty : $" ({key.RepositoryName})")}",
        { TeamId: not null } => $"repositories of team {key.TeamName}",
        _ => "all repositories",
    };

    private static string? Time(DateTime? time) => time?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
