using System.Security.Cryptography;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Web.Security;

/// <summary>A user as the <c>user list</c> command shows it.</summary>
public sealed record UserSummary(string Email, string Role, IReadOnlyList<string> Teams, bool LockedOut);

/// <summary>Local accounts: created with one role (and, for a Team maintainer, teams), listed, removed.</summary>
public sealed class UserAccounts(UserManager<TrackerUser> users, RoleManager<IdentityRole> roles, IDbContextFactory<TrackerDbContext> contextFactory)
{
    /// <summary>Makes sure every role exists.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    public async Task<bool> AnyUserAsync() => await users.Users.AnyAsync();

    /// <summary>Creates a local account. Without a password, a strong one is made up and returned (to be shown once).</summary>
    /// <exception cref="InvalidOperationException">The address is taken, the password too weak, or a team unknown; the message says which.</exception>
    public async Task<string> CreateAsync(string email, string role, string? password, IReadOnlyCollection<string> teamSlugs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var roleName = Roles.Parse(role) ?? throw new InvalidOperationException($"'{role}' is not a role. Roles: {string.Join(", ", Roles.All)}.");
        await EnsureRolesAsync();
        await using var db = await contextFactory.CreateDbContextAsync();
        var teams = await db.Teams.Where(t => teamSlugs.Contains(t.Slug)).ToListAsync();
        var unknown = teamSlugs.Except(teams.Select(t => t.Slug), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"No team has the slug {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
        }

        password ??= MakePassword();
        var user = new TrackerUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, roleName));
        foreach (var team in teams)
        {
            db.TeamMemberships.Add(new TeamMembership { UserId = user.Id, TeamId = team.Id });
        }

        await db.SaveChangesAsync();
        return password;
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync()
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var rows = await (
            from u in db.Users
            orderby u.Email
            select new
            {
                u.Email,
                u.LockoutEnd,
                Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                Teams = db.TeamMemberships.Where(m => m.UserId == u.Id).Select(m => m.Team!.Slug).ToList(),
            }).ToListAsync();
        return [.. rows.Select(r => new UserSummary(r.Email ?? "", r.Role ?? "none", r.Teams, r.LockoutEnd > DateTimeOffset.UtcNow))];
    }

    /// <returns>False when no user has that address.</returns>
    public async Task<bool> RemoveAsync(string email)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            return false;
        }

        Check(await users.DeleteAsync(user));
        return true;
    }

    /// <summary>24 random characters from an alphabet without look-alikes, with every character class Identity asks for.</summary>
    private static string MakePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 20);
        return new string(chars) + "-" + RandomNumberGenerator.GetItems<char>("abcdefghjkmnpqrstuvwxyz", 1)[0]
            + RandomNumberGenerator.GetItems<char>("ABCDEFGHJKLMNPQRSTUVWXYZ", 1)[0] + RandomNumberGenerator.GetItems<char>("23456789", 1)[0];
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
