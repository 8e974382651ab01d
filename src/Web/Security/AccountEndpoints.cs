using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MigrationTracker.Web.Security;

internal static class AccountEndpoints
{
    /// <summary>The log category of OpenID Connect sign-ins, successful or not.</summary>
    public const string ExternalSignInLog = "MigrationTracker.Web.Security.ExternalSignIn";

    /// <summary><c>POST /account/logout</c>: a form post with its antiforgery token, from the menu.</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<TrackerUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(SignInServices.LoginPath);
        }).RequireAuthorization();

        // Anonymous on purpose, and only when OpenID Connect is configured: how a person signs in with the identity provider.
        if (app.ServiceProvider.GetRequiredService<OidcOptions>().Enabled)
        {
            app.MapGet("/account/external", (string? returnUrl) => Results.Challenge(
                new AuthenticationProperties { RedirectUri = $"/account/external-callback?returnUrl={Uri.EscapeDataString(Components.Account.Login.LocalOnly(returnUrl))}" },
                [OidcOptions.Scheme])).AllowAnonymous();
            app.MapGet("/account/external-callback", ExternalCallbackAsync).AllowAnonymous();
        }
    }

    /// <summary>
    /// The identity provider vouched for someone: find their account by provider login, else by email when the provider
    /// says the address is verified (creating one with the default role when allowed), refuse a locked-out account, sign
    /// them in with the ordinary cookie, and drop the provider's.
    /// </summary>
    private static async Task<IResult> ExternalCallbackAsync(
        string? returnUrl, HttpContext http, OidcOptions oidc, SignInManager<TrackerUser> signIn, UserAccounts accounts, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(ExternalSignInLog);
        var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded)
        {
            return Results.LocalRedirect(SignInServices.LoginPath);
        }

        var principal = external.Principal!;
        var email = principal.FindFirst("email")?.Value ?? principal.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? principal.FindFirst("preferred_username")?.Value;
        var subject = principal.FindFirst("sub")?.Value;
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        if (string.IsNullOrWhiteSpace(email) || subject is null)
        {
            logger.LogWarning("An OpenID Connect sign-in carried no email address; nobody was signed in");
            return Results.LocalRedirect($"{SignInServices.LoginPath}?error=no-email");
        }

        var user = await signIn.UserManager.FindByLoginAsync(OidcOptions.Scheme, subject);
        var linked = user is not null;
        if (user is null && await signIn.UserManager.FindByEmailAsync(email) is { } byEmail)
        {
            // Whoever controls an unverified address at the provider would otherwise take over the local account with it.
            if (!oidc.TrustUnverifiedEmail && !EmailVerified(principal))
            {
                logger.LogWarning(
                    "An OpenID Connect sign-in for {Email} was refused: an account has that address, but the provider did not say the address is verified "
                    + "(no email_verified or xms_edov claim that is true). Have the provider send one, or set {Setting} if its addresses are all owned by the organisation",
                    email,
                    $"{OidcOptions.SectionName}:{nameof(OidcOptions.TrustUnverifiedEmail)}");
                return Results.LocalRedirect($"{SignInServices.LoginPath}?error=unverified-email");
            }

            user = byEmail;
        }

        if (user is null)
        {
            if (!oidc.CreateAccounts)
            {
                logger.LogInformation("{Email} signed in with OpenID Connect but has no account, and accounts are not created automatically", email);
                return Results.LocalRedirect($"{SignInServices.LoginPath}?error=no-account");
            }

            await accounts.CreateAsync(email, oidc.DefaultRole, password: null, []);
            user = await signIn.UserManager.FindByEmailAsync(email);
            logger.LogInformation("Created the account {Email} ({Role}) at its first OpenID Connect sign-in", email, oidc.DefaultRole);
        }

        // The provider vouches for the person, not for their standing here: a blocked account stays out. A lockout after
        // wrong passwords does not: anyone can cause one by guessing at the sign-in form, and the provider's sign-in
        // does not use the password that was guessed.
        if (UserAccounts.IsBlocked(user!.LockoutEnd))
        {
            logger.LogInformation("{Email} signed in with OpenID Connect, but the account is blocked; nobody was signed in", user.Email);
            return Results.LocalRedirect($"{SignInServices.LoginPath}?error=locked-out");
        }

        if (!linked)
        {
            await signIn.UserManager.AddLoginAsync(user!, new UserLoginInfo(OidcOptions.Scheme, subject, oidc.DisplayName));
        }

        await signIn.SignInAsync(user!, isPersistent: false, authenticationMethod: OidcOptions.Scheme);
        return Results.LocalRedirect(Components.Account.Login.LocalOnly(returnUrl));
    }

    /// <summary>
    /// The provider says the address belongs to the person: the standard <c>email_verified</c> claim, or Entra ID's optional
    /// <c>xms_edov</c> (the address's domain is verified by the tenant), true as a JSON boolean or string.
    /// </summary>
    private static bool EmailVerified(System.Security.Claims.ClaimsPrincipal principal) =>
        principal.FindAll(c => c.Type is "email_verified" or "xms_edov").Any(c => string.Equals(c.Value, "true", StringComparison.OrdinalIgnoreCase));
}

/// <summary>The job dashboard's own check: only administrators (the endpoint's policy asks the same).</summary>
internal sealed class AdministratorsOnlyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Administrator);
}
