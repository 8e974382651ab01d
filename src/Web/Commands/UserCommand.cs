using System.CommandLine;
using MigrationTracker.Core.Storage;
using MigrationTracker.Web.Security;

namespace MigrationTracker.Web.Commands;

/// <summary>
/// <c>user add EMAIL --role ROLE [--team SLUG ...] [--password-stdin]</c>, <c>user list</c>, <c>user role EMAIL ROLE [--team SLUG ...]</c>,
/// <c>user unlock EMAIL</c>, <c>user remove EMAIL</c> on the web executable: local accounts in the configured database,
/// through the same <see cref="UserAccounts"/> (and checks) as the Users page. <c>add</c> prints a made-up password once unless one is
/// read from standard input. Exit codes: 0 done, 1 bad input (the message says what to fix), 2 wrong settings.
/// </summary>
internal static class UserCommand
{
    public const string Name = "user";

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var email = new Argument<string>("email") { Description = "The account's email address, also its sign-in name." };
        var role = new Option<string>("--role") { Description = "Viewer, TeamMaintainer, Manager or Administrator.", Required = true };
        var teams = new Option<string[]>("--team") { Description = "A Team maintainer's team (its slug); repeat for several.", AllowMultipleArgumentsPerToken = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of making one up." };
        var add = new Command("add", "Creates a local account with one role.") { email, role, teams, passwordStdin };
        var list = new Command("list", "Lists the accounts: email, role, teams.");
        var removeEmail = new Argument<string>("email");
        var remove = new Command("remove", "Deletes an account.") { removeEmail };
        var roleEmail = new Argument<string>("email");
        var newRole = new Argument<string>("role") { Description = "Viewer, TeamMaintainer, Manager or Administrator." };
        var roleTeams = new Option<string[]>("--team") { Description = "A Team maintainer's team (its slug); repeat for several. Replaces the teams they had.", AllowMultipleArgumentsPerToken = true };
        var changeRole = new Command("role", "Gives an account another role (and a Team maintainer their teams); its sessions end within the recheck interval.") { roleEmail, newRole, roleTeams };
        var unlockEmail = new Argument<string>("email");
        var unlock = new Command("unlock", "Lifts a lockout after wrong passwords, or a block.") { unlockEmail };
        var root = new RootCommand("Manages the people who can sign in.") { add, list, changeRole, unlock, remove };

        add.SetAction((parse, cancellationToken) => WithAccountsAsync(parse, error, async accounts =>
        {
            var password = parse.GetValue(passwordStdin) ? (await input.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n') : null;
            var created = await accounts.CreateAsync(parse.GetValue(email)!, parse.GetValue(role)!, password, parse.GetValue(teams) ?? []);
            await output.WriteLineAsync($"Created {parse.GetValue(email)} ({parse.GetValue(role)}).");
            if (password is null)
            {
                // Shown once, on the terminal that asked for it; only a hash is stored.
                await output.WriteLineAsync($"Password: {created}");
            }

            return 0;
        }, cancellationToken));
        list.SetAction((parse, cancellationToken) => WithAccountsAsync(parse, error, async accounts =>
        {
            foreach (var user in await accounts.ListAsync())
            {
                await output.WriteLineAsync($"{user.Email}\t{user.Role}\t{string.Join(",", user.Teams)}{(user.Blocked ? "\tblocked" : user.LockedOut ? "\tlocked out" : "")}{(user.SignsInExternally ? "\tsingle sign-on" : "")}");
            }

            return 0;
        }, cancellationToken));
        changeRole.SetAction((parse, cancellationToken) => WithAccountsAsync(parse, error, async accounts =>
        {
            var changed = await accounts.ChangeAccessAsync(parse.GetValue(roleEmail)!, parse.GetValue(newRole)!, parse.GetValue(roleTeams) ?? [], cancellationToken);
            await output.WriteLineAsync(changed ? $"{parse.GetValue(roleEmail)} is now {parse.GetValue(newRole)}." : $"{parse.GetValue(roleEmail)} had this role and these teams already.");
            return 0;
        }, cancellationToken));
        unlock.SetAction((parse, cancellationToken) => WithAccountsAsync(parse, error, async accounts =>
        {
            await accounts.UnlockAsync(parse.GetValue(unlockEmail)!);
            await output.WriteLineAsync($"Unlocked {parse.GetValue(unlockEmail)}.");
            return 0;
        }, cancellationToken));
        remove.SetAction((parse, cancellationToken) => WithAccountsAsync(parse, error, async accounts =>
        {
            if (!await accounts.RemoveAsync(parse.GetValue(removeEmail)!))
            {
                await error.WriteLineAsync($"user: no account has the email {parse.GetValue(removeEmail)}.");
                return 1;
            }

            await output.WriteLineAsync($"Removed {parse.GetValue(removeEmail)}.");
            return 0;
        }, cancellationToken));

        root.TreatUnmatchedTokensAsErrors = false;
        foreach (var command in new[] { add, list, changeRole, unlock, remove })
        {
            command.TreatUnmatchedTokensAsErrors = false;
        }

        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static async Task<int> WithAccountsAsync(ParseResult parse, TextWriter error, Func<UserAccounts, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var app = await CommandHost.StartAsync(parse.UnmatchedTokens, cancellationToken, services => services.AddTrackerSignIn());
            await using var scope = app.Services.CreateAsyncScope();
            return await action(scope.ServiceProvider.GetRequiredService<UserAccounts>());
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"user: {ex.Message}");
            return 1;
        }
        catch (ConfigurationErrorException ex)
        {
            await error.WriteLineAsync($"user: MigrationTracker cannot open its database: {ex.Message}");
            return 2;
        }
    }
}
