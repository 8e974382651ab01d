using System.Net;
using MigrationTracker.Core.Domain;
using MigrationTracker.Web.Tests.Api;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>
/// Signing in with an OpenID Connect provider, end to end against a stand-in provider on loopback: the product's
/// challenge, the provider's form_post answer, the code redeemed with the client secret and the PKCE verifier, and
/// the account the product finds or creates.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class OidcSignInTests : IClassFixture<OidcSignInFixture>
{
    private readonly OidcStandIn _provider;
    private readonly OidcSignInFactory _app;
    private readonly OidcSignInFactory _accountsOnly;
    private readonly OidcSignInFactory _trustingEmails;

    public OidcSignInTests(OidcSignInFixture fixture)
    {
        _provider = fixture.Provider;
        _provider.Reset();
        _app = fixture.Open;
        _accountsOnly = fixture.AccountsOnly;
        _trustingEmails = fixture.TrustingEmails;
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_first_sign_in_creates_a_viewer_account_that_can_read_reports_but_not_generate_them()
    {
        _provider.SignedIn = new ProviderUser("a1f3c9e2-dana", "dana@contoso.test", "Dana Scully");
        using var browser = new SignInBrowser(_app);

        using var landing = await browser.SignInAsync("/reports", Cancel);

        ShouldLandOn(landing, "/reports");
        browser.HasSignInCookie.ShouldBeTrue();
        var request = _provider.Authorizations.Single(a => a.User.Subject == "a1f3c9e2-dana");
        (request.ResponseMode, request.Scope, request.RedirectUri).ShouldBe(("form_post", "openid profile email", "https://localhost/signin-oidc"));
        (await _app.UsersAsync()).Where(u => u.Email == "dana@contoso.test").ShouldHaveSingleItem().Role.ShouldBe(Roles.Viewer);
        using var reports = await browser.App.GetAsync("/api/reports", Cancel);
        reports.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var generate = await browser.App.PostAsync("/api/reports/2024-W10", content: null, Cancel);
        generate.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Signing_in_again_reaches_the_same_account()
    {
        _provider.SignedIn = new ProviderUser("5c0d7b11-erin", "erin@contoso.test");
        using (var first = new SignInBrowser(_app))
        {
            using var firstLanding = await first.SignInAsync("/", Cancel);
            first.HasSignInCookie.ShouldBeTrue();
        }

        using var second = new SignInBrowser(_app);
        using var landing = await second.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/");
        second.HasSignInCookie.ShouldBeTrue();
        (await _app.UsersAsync()).Count(u => u.Email == "erin@contoso.test").ShouldBe(1);
        (await _app.LoginsAsync("erin@contoso.test")).ShouldHaveSingleItem().ProviderKey.ShouldBe("5c0d7b11-erin");
    }

    [Fact]
    public async Task An_account_made_with_user_add_is_reused_keeps_its_role_and_gets_the_provider_login()
    {
        await _app.CreateAccountAsync("frank@contoso.test", Roles.Manager);
        _provider.SignedIn = new ProviderUser("9e4a2f60-frank", "Frank@Contoso.test");
        using var browser = new SignInBrowser(_app);

        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/");
        browser.HasSignInCookie.ShouldBeTrue();
        (await _app.UsersAsync()).Where(u => u.Email.Equals("frank@contoso.test", StringComparison.OrdinalIgnoreCase)).ShouldHaveSingleItem().Role.ShouldBe(Roles.Manager);
        (await _app.LoginsAsync("frank@contoso.test")).ShouldHaveSingleItem().ProviderKey.ShouldBe("9e4a2f60-frank");
    }

    [Fact]
    public async Task Without_automatic_accounts_a_person_with_no_account_is_refused_and_none_is_created()
    {
        _provider.SignedIn = new ProviderUser("0b7e6d54-gina", "gina@contoso.test");
        using var browser = new SignInBrowser(_accountsOnly);

        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/account/login?error=no-account");
        browser.HasSignInCookie.ShouldBeFalse();
        (await browser.App.GetStringAsync(landing.Headers.Location, Cancel)).ShouldContain("You have no account here yet");
        (await _accountsOnly.UsersAsync()).ShouldNotContain(u => u.Email == "gina@contoso.test");
        await ShouldBeSignedOutAsync(browser);
    }

    [Fact]
    public async Task Without_automatic_accounts_a_person_with_an_account_signs_in()
    {
        await _accountsOnly.CreateAccountAsync("hugo@contoso.test", Roles.TeamMaintainer);
        _provider.SignedIn = new ProviderUser("d2c81a37-hugo", "hugo@contoso.test");
        using var browser = new SignInBrowser(_accountsOnly);

        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/");
        browser.HasSignInCookie.ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public async Task An_address_the_provider_does_not_call_verified_does_not_take_over_the_account_with_it(bool? verified)
    {
        var email = $"olga-{verified?.ToString() ?? "absent"}@contoso.test".ToLowerInvariant();
        await _app.CreateAccountAsync(email, Roles.Administrator);
        _provider.SignedIn = new ProviderUser($"attacker-{verified}", email, EmailVerified: verified);
        using var browser = new SignInBrowser(_app);

        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/account/login?error=unverified-email");
        (await browser.App.GetStringAsync(landing.Headers.Location, Cancel)).ShouldContain($"{OidcSignInFactory.DisplayName} did not confirm that your email address is yours");
        (await _app.LoginsAsync(email)).ShouldBeEmpty();
        await ShouldBeSignedOutAsync(browser);
        _app.Logs.Text.ShouldContain($"An OpenID Connect sign-in for {email} was refused");
    }

    [Fact]
    public async Task Entra_IDs_domain_owner_verified_claim_counts_as_a_verified_address()
    {
        await _app.CreateAccountAsync("pia@contoso.test", Roles.Manager);
        _provider.SignedIn = new ProviderUser("entra-oid-pia", "pia@contoso.test", EmailVerified: null, DomainOwnerVerified: true);
        using var browser = new SignInBrowser(_app);

        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/");
        browser.HasSignInCookie.ShouldBeTrue();
        (await _app.LoginsAsync("pia@contoso.test")).ShouldHaveSingleItem().ProviderKey.ShouldBe("entra-oid-pia");
    }

    [Fact]
    public async Task With_unverified_addresses_trusted_an_account_is_joined_by_email_alone()
    {
        await _trustingEmails.CreateAccountAsync("quinn@contoso.test", Roles.TeamMaintainer);
        _provider.SignedIn = new ProviderUser("entra-oid-quinn", "quinn@contoso.test", EmailVerified: null);
        using var browser = new SignInBrowser(_trustingEmails);

        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/");
        browser.HasSignInCookie.ShouldBeTrue();
        (await _trustingEmails.LoginsAsync("quinn@contoso.test")).ShouldHaveSingleItem().ProviderKey.ShouldBe("entra-oid-quinn");
    }

    [Fact]
    public async Task A_blocked_account_already_joined_to_the_provider_is_refused_and_gets_in_again_once_unlocked()
    {
        _provider.SignedIn = new ProviderUser("b81c0f3e-rosa", "rosa@contoso.test");
        using (var first = new SignInBrowser(_app))
        {
            using var firstLanding = await first.SignInAsync("/", Cancel);
            first.HasSignInCookie.ShouldBeTrue();
        }

        await _app.ChangeAccountAsync(accounts => accounts.BlockAsync("rosa@contoso.test", Cancel));
        using var blocked = new SignInBrowser(_app);
        using var refused = await blocked.SignInAsync("/", Cancel);

        ShouldLandOn(refused, "/account/login?error=locked-out");
        (await blocked.App.GetStringAsync(refused.Headers.Location, Cancel)).ShouldContain("Your account here is locked");
        await ShouldBeSignedOutAsync(blocked);
        await _app.ChangeAccountAsync(accounts => accounts.UnlockAsync("rosa@contoso.test"));
        using var unlocked = new SignInBrowser(_app);
        using var landing = await unlocked.SignInAsync("/", Cancel);
        ShouldLandOn(landing, "/");
    }

    [Fact]
    public async Task Wrong_passwords_typed_by_someone_else_do_not_keep_the_person_out_of_single_sign_on()
    {
        // Anyone can lock an account by guessing at the sign-in form; the provider's sign-in does not use that password.
        await _accountsOnly.CreateAccountAsync("sven@contoso.test", Roles.Viewer);
        using (var guesser = _accountsOnly.CreateClient(new() { HandleCookies = true, AllowAutoRedirect = false }))
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                await Should.ThrowAsync<InvalidOperationException>(MigrationTracker.Testing.TestAccounts.SignInAsync(guesser, "sven@contoso.test", "wrong-password-1234", Cancel));
            }
        }

        var locked = (await _accountsOnly.UsersAsync()).Single(u => u.Email == "sven@contoso.test");
        (locked.LockedOut, locked.Blocked).ShouldBe((true, false));
        _provider.SignedIn = new ProviderUser("5e7d1c2b-sven", "sven@contoso.test");
        using var browser = new SignInBrowser(_accountsOnly);

        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/");
        (await _accountsOnly.LoginsAsync("sven@contoso.test")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_removed_account_does_not_come_back_through_its_old_provider_login_when_accounts_are_not_created()
    {
        await _accountsOnly.CreateAccountAsync("tess@contoso.test", Roles.Manager);
        _provider.SignedIn = new ProviderUser("0c9d8e7f-tess", "tess@contoso.test");
        using (var first = new SignInBrowser(_accountsOnly))
        {
            using var firstLanding = await first.SignInAsync("/", Cancel);
            first.HasSignInCookie.ShouldBeTrue();
        }

        await _accountsOnly.ChangeAccountAsync(accounts => accounts.RemoveAsync("tess@contoso.test", Cancel));
        using var browser = new SignInBrowser(_accountsOnly);
        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/account/login?error=no-account");
        (await _accountsOnly.UsersAsync()).ShouldNotContain(u => u.Email == "tess@contoso.test");
        await ShouldBeSignedOutAsync(browser);
    }

    [Fact]
    public async Task A_person_the_provider_gives_no_email_for_is_told_so_and_gets_no_account()
    {
        _provider.SignedIn = new ProviderUser("e5f6a7b8-kim", Email: null);
        using var browser = new SignInBrowser(_app);

        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, "/account/login?error=no-email");
        (await browser.App.GetStringAsync(landing.Headers.Location, Cancel)).ShouldContain("did not tell us your email address");
        await ShouldBeSignedOutAsync(browser);
    }

    [Fact]
    public async Task A_person_who_cancels_at_the_provider_is_back_on_the_sign_in_page_with_a_message()
    {
        _provider.SignedIn = null;
        using var browser = new SignInBrowser(_app);

        using var landing = await browser.SignInAsync("/reports", Cancel);

        ShouldLandOn(landing, FailedSignIn);
        (await browser.App.GetStringAsync(landing.Headers.Location, Cancel)).ShouldContain($"Signing in with {OidcSignInFactory.DisplayName} did not complete");
        await ShouldBeSignedOutAsync(browser);
    }

    [Theory]
    [InlineData(IdTokenFault.ForeignKey)]
    [InlineData(IdTokenFault.WrongNonce)]
    public async Task An_id_token_forged_or_meant_for_another_sign_in_signs_nobody_in(IdTokenFault fault)
    {
        var email = $"mallory-{fault}@contoso.test".ToLowerInvariant();
        _provider.SignedIn = new ProviderUser($"mallory-{fault}", email);
        _provider.Fault = fault;
        using var browser = new SignInBrowser(_app);

        using var landing = await browser.SignInAsync("/", Cancel);

        ShouldLandOn(landing, FailedSignIn);
        _provider.TokenRequests.ShouldContain(r => r.Subject == $"mallory-{fault}" && r.Refusal == null, "the provider handed out the tokens: the product refused them");
        browser.HasSignInCookie.ShouldBeFalse();
        (await _app.UsersAsync()).ShouldNotContain(u => u.Email == email);
        await ShouldBeSignedOutAsync(browser);
    }

    [Fact]
    public async Task A_provider_answer_begun_in_another_browser_signs_nobody_in()
    {
        // Login forgery: the attacker starts a sign-in, stops at the provider's answer, and makes the victim's browser post it.
        _provider.SignedIn = new ProviderUser("6f1e0a99-mallory", "mallory@contoso.test");
        using var attacker = new SignInBrowser(_app);
        var attackersAnswer = await attacker.VisitProviderAsync("/", Cancel);
        using var victim = new SignInBrowser(_app);
        await victim.VisitProviderAsync("/", Cancel);

        using var landing = await victim.ReturnToProductAsync(attackersAnswer, Cancel);

        ShouldLandOn(landing, FailedSignIn);
        victim.HasSignInCookie.ShouldBeFalse();
        _provider.TokenRequests.ShouldNotContain(r => r.Subject == "6f1e0a99-mallory", "the code is never redeemed");
        await ShouldBeSignedOutAsync(victim);
    }

    [Fact]
    public async Task A_provider_answer_with_an_altered_state_signs_nobody_in()
    {
        _provider.SignedIn = new ProviderUser("3a9b5c21-ivan", "ivan@contoso.test");
        using var browser = new SignInBrowser(_app);
        var answer = await browser.VisitProviderAsync("/", Cancel);

        using var landing = await browser.ReturnToProductAsync(answer.With("state", answer.Fields["state"].Insert(answer.Fields["state"].Length / 2, "A")), Cancel);

        ShouldLandOn(landing, FailedSignIn);
        browser.HasSignInCookie.ShouldBeFalse();
        _provider.TokenRequests.ShouldNotContain(r => r.Subject == "3a9b5c21-ivan", "the code is never redeemed");
        await ShouldBeSignedOutAsync(browser);
    }

    [Fact]
    public async Task A_code_injected_into_another_sign_in_fails_its_PKCE_check_and_signs_nobody_in()
    {
        // The attacker's code (bound to the attacker's code_challenge) posted with the victim's own valid state.
        _provider.SignedIn = new ProviderUser("7d3e9f02-mallory", "mallory.pkce@contoso.test");
        using var attacker = new SignInBrowser(_app);
        var attackersCode = (await attacker.VisitProviderAsync("/", Cancel)).Fields["code"];
        using var victim = new SignInBrowser(_app);
        var victimsAnswer = await victim.VisitProviderAsync("/", Cancel);

        using var landing = await victim.ReturnToProductAsync(victimsAnswer.With("code", attackersCode), Cancel);

        ShouldLandOn(landing, FailedSignIn);
        _provider.TokenRequests.ShouldContain(r => r.Subject == "7d3e9f02-mallory" && r.Refusal == "PKCE code_verifier does not match the code_challenge");
        victim.HasSignInCookie.ShouldBeFalse();
        (await _app.UsersAsync()).ShouldNotContain(u => u.Email == "mallory.pkce@contoso.test");
        await ShouldBeSignedOutAsync(victim);
    }

    [Fact]
    public async Task The_client_secret_never_appears_in_the_logs()
    {
        _provider.SignedIn = new ProviderUser("c4b2e8d1-judy", "judy@contoso.test");
        using (var browser = new SignInBrowser(_app))
        {
            using var landing = await browser.SignInAsync("/", Cancel);
            browser.HasSignInCookie.ShouldBeTrue();
        }

        _provider.Fault = IdTokenFault.ForeignKey;
        using (var browser = new SignInBrowser(_app))
        {
            using var landing = await browser.SignInAsync("/", Cancel);
            browser.HasSignInCookie.ShouldBeFalse();
        }

        _provider.TokenRequests.ShouldContain(r => r.ClientAuthenticated, "the product sent the secret to the provider");
        _app.Logs.Text.ShouldContain("judy@contoso.test", customMessage: "the sign-ins were logged");
        _app.Logs.Text.ShouldNotContain(OidcStandIn.ClientSecret);
    }

    private const string FailedSignIn = "/account/login?error=external-failed";

    private static void ShouldLandOn(HttpResponseMessage landing, string address)
    {
        landing.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        landing.Headers.Location?.OriginalString.ShouldBe(address);
    }

    /// <summary>Pages still send the person to the sign-in page, and the API still answers 401.</summary>
    private static async Task ShouldBeSignedOutAsync(SignInBrowser browser)
    {
        using var page = await browser.App.GetAsync("/", Cancel);
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(SignInBrowser.Product, page.Headers.Location!).AbsolutePath.ShouldBe("/account/login");
        using var api = await browser.App.GetAsync("/api/reports", Cancel);
        api.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
