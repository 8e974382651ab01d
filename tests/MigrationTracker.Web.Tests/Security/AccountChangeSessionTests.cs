using System.Net;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Web.Security;
using MigrationTracker.Web.Tests.Api;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>
/// An administrator changes an account while its owner is signed in: the owner's next request (the test app rechecks
/// sessions at every request) and their open page's live connection get what the account may do now.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class AccountChangeSessionTests(ApiFactory app)
{
    private const string Password = "Session-password-4711";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_demoted_administrators_session_ends_at_the_next_request_and_signed_in_again_they_are_refused_the_users_page()
    {
        var (email, client) = await SignedInAsync(Roles.Administrator);
        using (var before = await client.GetAsync("/users", Cancel))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await WithAccountsAsync(accounts => accounts.ChangeAccessAsync(email, Roles.Viewer, [], Cancel));

        using (var after = await client.GetAsync("/users", Cancel))
        {
            after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            after.Headers.Location!.AbsolutePath.ShouldBe("/account/login");
        }

        await TestAccounts.SignInAsync(client, email, Password, Cancel);
        using var again = await client.GetAsync("/users", Cancel);
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        again.Headers.Location!.AbsolutePath.ShouldBe("/account/denied");
        using var reports = await client.GetAsync("/api/reports", Cancel);
        reports.StatusCode.ShouldBe(HttpStatusCode.OK, "a Viewer still reads");
    }

    [Fact]
    public async Task A_removed_accounts_next_request_is_treated_as_signed_out()
    {
        var (email, client) = await SignedInAsync(Roles.Manager);
        using (var before = await client.GetAsync("/api/reports", Cancel))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        (await WithAccountsAsync(accounts => accounts.RemoveAsync(email, Cancel))).ShouldBeTrue();

        using var after = await client.GetAsync("/api/reports", Cancel);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_blocked_account_loses_its_session_and_cannot_sign_in_again_until_unlocked()
    {
        var (email, client) = await SignedInAsync(Roles.Viewer);

        await WithAccountsAsync(accounts => accounts.BlockAsync(email, Cancel));

        using (var after = await client.GetAsync("/api/reports", Cancel))
        {
            after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var again = app.CreateClient(new() { HandleCookies = true, AllowAutoRedirect = false });
        await Should.ThrowAsync<InvalidOperationException>(TestAccounts.SignInAsync(again, email, Password, Cancel));
        await WithAccountsAsync(accounts => accounts.UnlockAsync(email));
        await TestAccounts.SignInAsync(again, email, Password, Cancel);
    }

    [Fact]
    public async Task A_reset_password_ends_the_session_signed_in_with_the_old_one()
    {
        var (email, client) = await SignedInAsync(Roles.Viewer);

        var fresh = await WithAccountsAsync(accounts => accounts.ResetPasswordAsync(email));

        using (var after = await client.GetAsync("/api/reports", Cancel))
        {
            after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var again = app.CreateClient(new() { HandleCookies = true, AllowAutoRedirect = false });
        await Should.ThrowAsync<InvalidOperationException>(TestAccounts.SignInAsync(again, email, Password, Cancel));
        await TestAccounts.SignInAsync(again, email, fresh, Cancel);
    }

    [Fact]
    public async Task An_open_pages_connection_turns_anonymous_after_its_account_is_demoted()
    {
        var email = await CreateAsync(Roles.Administrator);
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<TrackerUser>>();
        var principal = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByEmailAsync(email))!);

        // The provider an interactive page's circuit gets, handed the user the page started with.
        await using var circuit = app.Services.CreateAsyncScope();
        var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        var changed = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => changed.TrySetResult(await state);

        await WithAccountsAsync(accounts => accounts.ChangeAccessAsync(email, Roles.Viewer, [], Cancel));

        var now = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        now.User.Identity?.IsAuthenticated.ShouldNotBe(true);
    }

    private async Task<string> CreateAsync(string role)
    {
        var email = $"session-{role.ToLowerInvariant()}-{Guid.NewGuid():N}@tests.invalid";
        await WithAccountsAsync(accounts => accounts.CreateAsync(email, role, Password, [], Cancel));
        return email;
    }

    private async Task<(string Email, HttpClient Client)> SignedInAsync(string role)
    {
        var email = await CreateAsync(role);
        var client = app.CreateClient(new() { HandleCookies = true, AllowAutoRedirect = false });
        await TestAccounts.SignInAsync(client, email, Password, Cancel);
        return (email, client);
    }

    private async Task<T> WithAccountsAsync<T>(Func<UserAccounts, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }

    private async Task WithAccountsAsync(Func<UserAccounts, Task> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }
}
