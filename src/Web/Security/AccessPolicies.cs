using System.Security.Claims;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using Microsoft.AspNetCore.Authorization;

namespace MigrationTracker.Web.Security;

/// <summary>
/// Who may do what. Every endpoint and page names one of these policies (or allows anonymous access on purpose);
/// the fallback policy makes anything unmarked need a signed-in user, and the endpoint matrix test checks each.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Any signed-in user with a role: reads every page, figure and report.</summary>
    public const string Read = "Read";

    /// <summary>Edits a driver's stage, team and pairing: a Team maintainer of the driver's team, a Manager or an Administrator.</summary>
    public const string EditDrivers = "EditDrivers";

    /// <summary>Generates and sends reports, changes the scoring policy: Managers and Administrators.</summary>
    public const string Manage = "Manage";

    /// <summary>Repositories, credentials, users, API keys, the job dashboard: Administrators.</summary>
    public const string Administer = "Administer";

    /// <summary>A Team maintainer's teams, as claims of this type holding team ids.</summary>
    public const string TeamClaim = "mt:team";

    public static AuthorizationBuilder AddAccessPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build())
            .AddPolicy(Read, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(EditDrivers, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.TeamMaintainer)))
            .AddPolicy(Manage, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.Manager)))
            .AddPolicy(Administer, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
    }

    /// <summary>Whether the user may edit a driver of <paramref name="teamId"/>: Managers and Administrators any; a Team maintainer only their teams'.</summary>
    public static bool CanEditDriver(this ClaimsPrincipal user, int? teamId) => user.DriverEditor().CanEdit(teamId);

    /// <summary>
    /// The user as <see cref="DriverPages.UpdateAsync"/> judges them: Managers and Administrators edit every driver, a Team
    /// maintainer the drivers of the teams in their <see cref="TeamClaim"/> claims, anyone else none.
    /// </summary>
    public static DriverEditor DriverEditor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var teams = new HashSet<int>();
        if (user.IsInRole(Roles.TeamMaintainer))
        {
            foreach (var claim in user.FindAll(TeamClaim))
            {
                if (int.TryParse(claim.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var team))
                {
                    teams.Add(team);
                }
            }
        }

        return new DriverEditor(user.ChangedBy(), user.CanManage(), teams);
    }

    /// <summary>The <see cref="Manage"/> policy's rule, for a page deciding what to show.</summary>
    public static bool CanManage(this ClaimsPrincipal user) => Roles.AtLeast(Roles.Manager).Any(user.IsInRole);

    public static bool CanAdminister(this ClaimsPrincipal user) => user.IsInRole(Roles.Administrator);

    /// <summary>The name recorded beside a change: the user's name.</summary>
    public static string ChangedBy(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}

/// <summary>The signed-in user as a page sees it, from the cascading authentication state.</summary>
public static class PageAccess
{
    public static async Task<ClaimsPrincipal> UserAsync(Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? state) =>
        state is null ? new ClaimsPrincipal(new ClaimsIdentity()) : (await state).User;
}
