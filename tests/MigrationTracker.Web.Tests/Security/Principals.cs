using System.Security.Claims;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>Signed-in users as services see them, for calling a service directly instead of through a page.</summary>
public static class Principals
{
    public static ClaimsPrincipal Administrator { get; } = InRole(Roles.Administrator);

    public static ClaimsPrincipal InRole(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, $"{role.ToLowerInvariant()}@tests.invalid"), new Claim(ClaimTypes.Role, role)], "Test"));
}
