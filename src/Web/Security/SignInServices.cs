using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Web.Security;

public static class SignInServices
{
    public const string LoginPath = "/account/login";

    /// <summary>ASP.NET Core Identity on the product's database, its cookie, roles and the access policies.</summary>
    public static AuthenticationBuilder AddTrackerSignIn(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddIdentityCore<TrackerUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TrackerDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<TrackerClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddScoped<UserAccounts>();
        services.AddCascadingAuthenticationState();

        // Removing, blocking or demoting an account ends what its sessions may do within the recheck interval: the cookie
        // is checked against the account on the first request after it (Identity's security stamp validator, 30 minutes
        // unless told), an open page's live connection on a timer.
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.SectionName)
            .Validate(o => o.RecheckInterval >= TimeSpan.Zero && o.RecheckInterval <= TimeSpan.FromHours(1), $"{SessionOptions.SectionName}:RecheckInterval must be between 00:00:00 and 01:00:00.")
            .ValidateOnStart();
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SessionOptions>>((stamps, sessions) => stamps.ValidationInterval = sessions.Value.RecheckInterval);
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();

        var authentication = services.AddAuthentication(options =>
        {
            options.DefaultScheme = IdentityConstants.ApplicationScheme;
            options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        });
        authentication.AddIdentityCookies();

        // OpenID Connect (e.g. Microsoft Entra ID) when configured: the provider's answer lands in the external cookie,
        // and /account/external-callback turns it into a product account and the ordinary sign-in cookie.
        var oidc = configuration?.GetSection(OidcOptions.SectionName).Get<OidcOptions>() ?? new OidcOptions();
        oidc.Validate();
        services.AddSingleton(oidc);
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcOptions.Scheme, oidc.DisplayName, options =>
            {
                options.Authority = oidc.Authority;
                options.ClientId = oidc.ClientId;
                options.ClientSecret = oidc.ClientSecret;
                options.ResponseType = "code";
                options.UsePkce = true;
                options.SignInScheme = IdentityConstants.ExternalScheme;
                options.CallbackPath = "/signin-oidc";
                options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.Scope.Clear();
                options.Scope.Add("openid");
                options.Scope.Add("profile");
                options.Scope.Add("email");

                // A sign-in that does not complete (the person cancels at the provider; a forged, replayed or foreign
                // answer; a client the provider refuses) brings the person back to the sign-in page with a message.
                // Unhandled, it is an exception, and the error page it leads to sends anonymous people to sign in.
                options.Events.OnRemoteFailure = context =>
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(AccountEndpoints.ExternalSignInLog)
                        .LogWarning("An OpenID Connect sign-in did not complete and nobody was signed in: {Reason}", context.Failure?.Message);
                    context.Response.Redirect($"{LoginPath}?error=external-failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = LoginPath;
            cookie.AccessDeniedPath = "/account/denied";
            cookie.Cookie.Name = "mt.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;

            // Secure whenever the request is HTTPS (directly or through a proxy named in ReverseProxy), not always:
            // the product also serves plain HTTP on loopback, where a Secure cookie would make signing in impossible.
            cookie.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);

            // Machines get status codes, people get the sign-in page.
            cookie.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder().AddAccessPolicies();
        return authentication;
    }

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hangfire")
            || context.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
