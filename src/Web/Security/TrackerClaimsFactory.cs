using System.Globalization;
using System.Security.Claims;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Web.Security;

/// <summary>Adds a Team maintainer's teams to the sign-in cookie, so a driver edit is checked without a query.</summary>
internal sealed class TrackerClaimsFactory(
    UserManager<TrackerUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    IDbContextFactory<TrackerDbContext> contextFactory)
    : UserClaimsPrincipalFactory<TrackerUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(TrackerUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        await using var db = await contextFactory.CreateDbContextAsync();
        var teams = await db.TeamMemberships.Where(m => m.UserId == user.Id).Select(m => m.TeamId).ToListAsync();
        foreach (var team in teams)
        {
            identity.AddClaim(new Claim(AccessPolicies.TeamClaim, team.ToString(CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
