using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Web.Commands;
using MigrationTracker.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>
/// Accounts as the Users page and the <c>user</c> command change them, on a fresh SQLite database set up the way the
/// command sets it up: the guard rails around the last administrator and Identity's refusals in plain words.
/// </summary>
public sealed class UserAccountsTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _folder = new("mt-accounts");
    private WebApplication _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await CommandHost.StartAsync(Settings, Cancel, services => services.AddTrackerSignIn());
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<TrackerDbContext>>().CreateDbContextAsync(Cancel);
        db.Teams.AddRange(new Team { Name = "USB drivers", Slug = "usb" }, new Team { Name = "Storage drivers", Slug = "storage" });
        await db.SaveChangesAsync(Cancel);
    }

    private string[] Settings => ["--Storage:DataDirectory", _folder.Path, "--Jobs:RunServer", "false"];

    [Fact]
    public async Task The_only_administrator_cannot_be_removed_demoted_or_blocked_and_is_told_why()
    {
        await WithAccountsAsync(accounts => accounts.CreateAsync("root@contoso.test", Roles.Administrator, null, [], Cancel));

        var removal = await Should.ThrowAsync<UserAccountException>(WithAccountsAsync(accounts => accounts.RemoveAsync("root@contoso.test", Cancel)));
        var demotion = await Should.ThrowAsync<UserAccountException>(WithAccountsAsync(accounts => accounts.ChangeAccessAsync("root@contoso.test", Roles.Manager, [], Cancel)));
        var block = await Should.ThrowAsync<UserAccountException>(WithAccountsAsync(accounts => accounts.BlockAsync("root@contoso.test", Cancel)));

        removal.Message.ShouldStartWith("root@contoso.test cannot be removed: it is the last administrator");
        demotion.Message.ShouldStartWith("root@contoso.test cannot become a Manager: it is the last administrator");
        block.Message.ShouldStartWith("root@contoso.test cannot be blocked: it is the last administrator");
        removal.Message.ShouldEndWith("Make another account an Administrator first.");
        var root = (await ListAsync()).ShouldHaveSingleItem();
        (root.Role, root.LockedOut).ShouldBe((Roles.Administrator, false));
    }

    [Fact]
    public async Task Two_administrators_demoting_each_other_at_the_same_moment_leave_one_administrator()
    {
        for (var round = 0; round < 10; round++)
        {
            var (first, second) = ($"first{round}@contoso.test", $"second{round}@contoso.test");
            await WithAccountsAsync(accounts => accounts.CreateAsync(first, Roles.Administrator, null, [], Cancel));
            await WithAccountsAsync(accounts => accounts.CreateAsync(second, Roles.Administrator, null, [], Cancel));
            var others = (await ListAsync()).Where(u => u.Role == Roles.Administrator && u.Email != first && u.Email != second).Select(u => u.Email).ToList();
            foreach (var other in others)
            {
                await WithAccountsAsync(accounts => accounts.ChangeAccessAsync(other, Roles.Viewer, [], Cancel));
            }

            // Each demotes the other, each in a request of its own, at once.
            var outcomes = await Task.WhenAll(
                Task.Run(() => Outcome(() => WithAccountsAsync(accounts => accounts.ChangeAccessAsync(second, Roles.Viewer, [], Cancel)))),
                Task.Run(() => Outcome(() => WithAccountsAsync(accounts => accounts.ChangeAccessAsync(first, Roles.Viewer, [], Cancel)))));

            outcomes.Count(succeeded => succeeded).ShouldBe(1, $"round {round}: one demotion goes through, the other finds the last administrator");
            (await ListAsync()).Count(u => u.Role == Roles.Administrator).ShouldBe(1, $"round {round}");
        }

        static async Task<bool> Outcome(Func<Task> change)
        {
            try
            {
                await change();
                return true;
            }
            catch (UserAccountException)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task With_a_second_administrator_the_first_can_be_demoted_and_then_the_second_is_the_last()
    {
        await WithAccountsAsync(accounts => accounts.CreateAsync("root@contoso.test", Roles.Administrator, null, [], Cancel));
        await WithAccountsAsync(accounts => accounts.CreateAsync("deputy@contoso.test", Roles.Administrator, null, [], Cancel));

        (await WithAccountsAsync(accounts => accounts.ChangeAccessAsync("root@contoso.test", Roles.Viewer, [], Cancel))).ShouldBeTrue();

        (await ListAsync()).Single(u => u.Email == "root@contoso.test").Role.ShouldBe(Roles.Viewer);
        await Should.ThrowAsync<UserAccountException>(WithAccountsAsync(accounts => accounts.RemoveAsync("deputy@contoso.test", Cancel)));
    }

    [Fact]
    public async Task A_blocked_administrator_does_not_count_as_the_other_administrator()
    {
        await WithAccountsAsync(accounts => accounts.CreateAsync("root@contoso.test", Roles.Administrator, null, [], Cancel));
        await WithAccountsAsync(accounts => accounts.CreateAsync("gone@contoso.test", Roles.Administrator, null, [], Cancel));
        await WithAccountsAsync(accounts => accounts.BlockAsync("gone@contoso.test", Cancel));

        var demotion = await Should.ThrowAsync<UserAccountException>(WithAccountsAsync(accounts => accounts.ChangeAccessAsync("root@contoso.test", Roles.Viewer, [], Cancel)));

        demotion.Message.ShouldContain("the last administrator");
        (await ListAsync()).Single(u => u.Email == "gone@contoso.test").Blocked.ShouldBeTrue();
    }

    [Fact]
    public async Task The_user_command_refuses_to_remove_the_last_administrator_with_the_same_message()
    {
        await WithAccountsAsync(accounts => accounts.CreateAsync("root@contoso.test", Roles.Administrator, null, [], Cancel));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await UserCommand.RunAsync(["remove", "root@contoso.test", .. Settings], TextReader.Null, output, error);

        code.ShouldBe(1);
        error.ToString().ShouldStartWith("user: root@contoso.test cannot be removed: it is the last administrator");
        (await ListAsync()).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_only_administrator_locked_out_after_wrong_passwords_is_unlocked_on_the_command_line()
    {
        await WithAccountsAsync(accounts => accounts.CreateAsync("root@contoso.test", Roles.Administrator, null, [], Cancel));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<TrackerUser>>();
            var root = (await users.FindByEmailAsync("root@contoso.test"))!;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                await users.AccessFailedAsync(root);
            }
        }

        var locked = (await ListAsync()).Single().LockedOut;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await UserCommand.RunAsync(["unlock", "root@contoso.test", .. Settings], TextReader.Null, output, error);

        locked.ShouldBeTrue();
        code.ShouldBe(0, error.ToString());
        output.ToString().ShouldContain("Unlocked root@contoso.test.");
        (await ListAsync()).Single().LockedOut.ShouldBeFalse();
    }

    [Fact]
    public async Task The_user_command_makes_a_viewer_a_team_maintainer_of_the_teams_named()
    {
        await WithAccountsAsync(accounts => accounts.CreateAsync("ana@contoso.test", Roles.Viewer, null, [], Cancel));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await UserCommand.RunAsync(["role", "ana@contoso.test", "TeamMaintainer", .. Settings, "--team", "usb"], TextReader.Null, output, error);

        code.ShouldBe(0, error.ToString());
        var ana = (await ListAsync()).Single();
        ana.Role.ShouldBe(Roles.TeamMaintainer);
        ana.Teams.ShouldBe(new[] { "usb" });
    }

    [Fact]
    public async Task A_team_maintainer_keeps_the_teams_given_and_loses_them_when_made_a_manager()
    {
        await WithAccountsAsync(accounts => accounts.CreateAsync("ana@contoso.test", Roles.Viewer, null, [], Cancel));

        await WithAccountsAsync(accounts => accounts.ChangeAccessAsync("ana@contoso.test", "Team maintainer", ["usb", "storage"], Cancel));
        var maintainer = (await ListAsync()).Single();
        await WithAccountsAsync(accounts => accounts.ChangeAccessAsync("ana@contoso.test", Roles.Manager, ["usb"], Cancel));
        var manager = (await ListAsync()).Single();

        maintainer.Role.ShouldBe(Roles.TeamMaintainer);
        maintainer.Teams.Order().ShouldBe(new[] { "storage", "usb" });
        manager.Role.ShouldBe(Roles.Manager);
        manager.Teams.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_role_or_team_change_renews_the_security_stamp_and_saving_the_same_again_does_not()
    {
        await WithAccountsAsync(accounts => accounts.CreateAsync("ana@contoso.test", Roles.TeamMaintainer, null, ["usb"], Cancel));
        var created = await StampAsync("ana@contoso.test");

        (await WithAccountsAsync(accounts => accounts.ChangeAccessAsync("ana@contoso.test", Roles.TeamMaintainer, ["storage"], Cancel))).ShouldBeTrue();
        var moved = await StampAsync("ana@contoso.test");
        (await WithAccountsAsync(accounts => accounts.ChangeAccessAsync("ana@contoso.test", Roles.TeamMaintainer, ["storage"], Cancel))).ShouldBeFalse();

        moved.ShouldNotBe(created);
        (await StampAsync("ana@contoso.test")).ShouldBe(moved);
    }

    [Fact]
    public async Task A_taken_address_a_weak_password_and_an_unknown_team_are_refused_in_plain_words()
    {
        await WithAccountsAsync(accounts => accounts.CreateAsync("ana@contoso.test", Roles.Viewer, null, [], Cancel));

        var taken = await Should.ThrowAsync<UserAccountException>(WithAccountsAsync(accounts => accounts.CreateAsync("ANA@contoso.test", Roles.Viewer, null, [], Cancel)));
        var weak = await Should.ThrowAsync<UserAccountException>(WithAccountsAsync(accounts => accounts.CreateAsync("ben@contoso.test", Roles.Viewer, "short", [], Cancel)));
        var team = await Should.ThrowAsync<UserAccountException>(WithAccountsAsync(accounts => accounts.CreateAsync("cy@contoso.test", Roles.TeamMaintainer, null, ["audio"], Cancel)));

        taken.Message.ShouldBe("An account with the email ANA@contoso.test exists already. Change its role or reset its password instead.");
        weak.Message.ShouldStartWith("The password is too weak. Passwords must be at least 12 characters.");
        team.Message.ShouldStartWith("No team has the slug 'audio'.");
        (await ListAsync()).Select(u => u.Email).ShouldBe(new[] { "ana@contoso.test" });
    }

    [Fact]
    public async Task Unlock_lifts_a_block_and_a_new_password_replaces_the_old_one()
    {
        var first = await WithAccountsAsync(accounts => accounts.CreateAsync("ana@contoso.test", Roles.Viewer, null, [], Cancel));
        await WithAccountsAsync(accounts => accounts.BlockAsync("ana@contoso.test", Cancel));
        var blocked = (await ListAsync()).Single();

        await WithAccountsAsync(accounts => accounts.UnlockAsync("ana@contoso.test"));
        var second = await WithAccountsAsync(accounts => accounts.ResetPasswordAsync("ana@contoso.test"));

        (blocked.Blocked, blocked.LockedOut).ShouldBe((true, true));
        (await ListAsync()).Single().LockedOut.ShouldBeFalse();
        second.ShouldNotBe(first);
        await using var scope = _host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<TrackerUser>>();
        var ana = (await users.FindByEmailAsync("ana@contoso.test"))!;
        (await users.CheckPasswordAsync(ana, first)).ShouldBeFalse();
        (await users.CheckPasswordAsync(ana, second)).ShouldBeTrue();
    }

    private async Task<T> WithAccountsAsync<T>(Func<UserAccounts, Task<T>> action)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }

    private async Task WithAccountsAsync(Func<UserAccounts, Task> action)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }

    private Task<IReadOnlyList<UserSummary>> ListAsync() => WithAccountsAsync(accounts => accounts.ListAsync(Cancel));

    private async Task<string?> StampAsync(string email)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<TrackerDbContext>>().CreateDbContextAsync(Cancel);
        return await db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp).SingleAsync(Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
