using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MigrationTracker.Core.Security;

namespace MigrationTracker.Web.Api;

/// <summary>
/// Authenticates machine clients by an API key in <c>Authorization: Bearer</c> or <c>X-Api-Key</c>.
/// A scheme rather than an endpoint filter, so the coming sign-in and role policies sit beside it.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string HeaderName = "X-Api-Key";

    public const string PrefixClaim = "mt:api-key-prefix";

    /// <summary>Present when the key is limited to one repository.</summary>
    public const string RepositoryClaim = "mt:api-key-repository";

    public const string TeamClaim = "mt:api-key-team";

    private const string FailureItem = "mt:api-key-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            // No key at all: nothing to judge (pages and health checks pass through here too); the challenge explains what to send.
            Context.Items[FailureItem] = "Send an API key in the Authorization header ('Bearer <key>') or in X-Api-Key. Keys are created with 'apikey create NAME' on the web executable.";
            return AuthenticateResult.NoResult();
        }

        var check = await keys.VerifyAsync(presented, Context.RequestAborted);
        switch (check.Outcome)
        {
            case ApiKeyCheckOutcome.Valid:
                var identity = new ClaimsIdentity(SchemeName);
                identity.AddClaim(new Claim(ClaimTypes.Name, check.Key!.Name));
                identity.AddClaim(new Claim(PrefixClaim, check.Key.Prefix));
                if (check.Key.RepositoryId is { } repositoryId)
                {
                    identity.AddClaim(new Claim(RepositoryClaim, repositoryId.ToString(CultureInfo.InvariantCulture)));
                }

                if (check.Key.TeamId is { } teamId)
                {
                    identity.AddClaim(new Claim(TeamClaim, teamId.ToString(CultureInfo.InvariantCulture)));
                }

                return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));

            case ApiKeyCheckOutcome.Revoked:
                // The prefix names the key without revealing it, so an operator can tell which CI still uses it.
                Logger.LogWarning("Refused revoked API key {Name} ({Prefix}) from {Remote}", check.Key!.Name, check.Key.Prefix, Context.Connection.RemoteIpAddress);
                return Fail("This API key has been revoked. Ask an administrator for a new one.");

            default:
                Logger.LogInformation("Refused an unknown API key from {Remote}", Context.Connection.RemoteIpAddress);
                return Fail("This API key is not valid.");
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Context.Items[FailureItem] as string ?? "Send a valid API key.";
        await TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "API key required").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await TypedResults.Problem("This API key may not do this.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);

    /// <summary>The key the request presents, or null when it presents none.</summary>
    internal static string? ReadKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return request.Headers[HeaderName].ToString() is { Length: > 0 } key ? key.Trim() : null;
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureItem] = reason;
        return AuthenticateResult.Fail(reason);
    }
}

/// <summary>Authorization policies of the machine endpoints.</summary>
internal static class ApiPolicies
{
    /// <summary>A valid API key; repository scope is checked by the endpoint once it knows the repository.</summary>
    public const string BuildPoster = "BuildPoster";

    /// <summary>The team whose repositories a team-scoped key may post for.</summary>
    public static int? KeyTeam(this ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyAuthenticationHandler.TeamClaim)?.Value is { } value
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The repository the caller's key is limited to, or null for an unrestricted key.</summary>
    public static int? KeyRepository(this ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyAuthenticationHandler.RepositoryClaim)?.Value is { } value
            ? int.Parse(value, CultureInfo.InvariantCulture)
            : null;
}
