using System.Security.Claims;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Web.Security;

/// <summary>
/// An open page keeps the user it started with for as long as its live connection lasts, which can be hours; the
/// sign-in cookie is not sent again on it. Every <see cref="SessionOptions.RecheckInterval"/> this checks the account
/// still exists and has the security stamp the session was signed in with (a change of role, teams or password and a
/// block renew it); if not, the page's user becomes anonymous and the page sends them to sign in. A lockout after wrong
/// passwords alone does not end a session, as it does not for the cookie: anyone can type wrong passwords for someone.
/// </summary>
internal sealed class SessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, IOptions<SessionOptions> sessions)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => sessions.Value.CircuitRecheckInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A scope per check: the circuit's own scope would keep one DbContext (and its stale copies) for hours.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TrackerUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null)
        {
            return false;
        }

        var stamp = authenticationState.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
