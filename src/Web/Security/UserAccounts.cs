using System.Security.Cryptography;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Web.Security;

/// <summary>A user as the <c>user list</c> command and the Users page show them.</summary>
/// <param name="LockedUntil">Set while the account is locked out: after wrong passwords, or blocked by an administrator.</param>
/// <param name="SignsInExternally">The account has a single sign-on (OpenID Connect) login.</param>
public sealed record UserSummary(
    string Email,
    string Role,
    IReadOnlyList<string> Teams,
    bool LockedOut,
    DateTimeOffset? LockedUntil = null,
    bool SignsInExternally = false)
{
    /// <summary>Locked by an administrator until unlocked, rather than for a while after wrong passwords.</summary>
    public bool Blocked => UserAccounts.IsBlocked(LockedUntil);
}

/// <summary>A team a Team maintainer can be given: its slug (what the <c>user</c> command takes) and its name.</summary>
public sealed record TeamChoice(string Slug, string Name);

/// <summary>A request about accounts the user can fix (unknown account, taken address, weak password, last administrator); the message says how.</summary>
public sealed class UserAccountException : InvalidOperationException
{
    public UserAccountException(string message)
        : base(message)
    {
    }

    public UserAccountException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UserAccountException()
    {
    }
}

/// <summary>
/// Local accounts: created with one role (and, for a Team maintainer, teams), listed, changed, unlocked, blocked, given a
/// new password, removed. The <c>user</c> command and the Users page both go through here. Every change that alters what
/// someone may do renews the account's security stamp, which ends the sessions it has open within
/// <see cref="SessionOptions.RecheckInterval"/>; the last administrator cannot be removed, demoted or blocked.
/// </summary>
public sealed class UserAccounts(
    UserManager<TrackerUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<TrackerDbContext> contextFactory,
    TimeProvider clock)
{
    /// <summary>The lockout end of a blocked account: an administrator's block lasts until an administrator lifts it.</summary>
    private static readonly DateTimeOffset BlockedUntil = DateTimeOffset.MaxValue;

    /// <summary>
    /// One change that could take away an administrator at a time: checking that another administrator remains and
    /// making the change are one step, so two administrators demoting each other at once leave one. The accounts are
    /// managed by the web process (and, rarely, the command line on the server); this covers the web process.
    /// </summary>
    private static readonly SemaphoreSlim AdministratorChanges = new(1, 1);

    /// <summary>Whether a lockout end is an administrator's block rather than a while after wrong passwords.</summary>
    public static bool IsBlocked(DateTimeOffset? lockoutEnd) => lockoutEnd == BlockedUntil;

    /// <summary>Makes sure every role exists.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), email: null);
            }
        }
    }

    public async Task<bool> AnyUserAsync() => await users.Users.AnyAsync();

    /// <summary>Creates a local account. Without a password, a strong one is made up and returned (to be shown once).</summary>
    /// <exception cref="UserAccountException">The address is taken or not an address, the password too weak, or a team unknown; the message says which.</exception>
    public async Task<string> CreateAsync(string email, string role, string? password, IReadOnlyCollection<string> teamSlugs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(teamSlugs);
        if (string.IsNullOrWhiteSpace(email))
        {
            throw new UserAccountException("An account needs an email address: it is also the name the person signs in with.");
        }

        email = email.Trim();
        var roleName = ParseRole(role);
        await EnsureRolesAsync();
        var teams = await FindTeamsAsync(teamSlugs, cancellationToken);
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new UserAccountException($"An account with the email {email} exists already. Change its role or reset its password instead.");
        }

        password = string.IsNullOrEmpty(password) ? MakePassword() : password;
        var user = new TrackerUser { UserName = email, Email = email, EmailConfirmed = true };
        Check(await users.CreateAsync(user, password), email);
        Check(await users.AddToRoleAsync(user, roleName), email);
        if (teams.Count > 0)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            db.TeamMemberships.AddRange(teams.Select(t => new TeamMembership { UserId = user.Id, TeamId = t.Id }));
            await db.SaveChangesAsync(cancellationToken);
        }

        return password;
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from u in db.Users.AsNoTracking()
            orderby u.Email
            select new
            {
                u.Email,
                u.LockoutEnd,
                Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
                Teams = db.TeamMemberships.Where(m => m.UserId == u.Id).Select(m => m.Team!.Slug).ToList(),
                External = db.UserLogins.Any(l => l.UserId == u.Id),
            }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r => new UserSummary(
            r.Email ?? "",
            r.Role ?? "none",
            r.Teams,
            r.LockoutEnd > now,
            r.LockoutEnd > now ? r.LockoutEnd : null,
            r.External))];
    }

    /// <summary>The teams, by name, for choosing a Team maintainer's teams.</summary>
    public async Task<IReadOnlyList<TeamChoice>> TeamsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => new TeamChoice(t.Slug, t.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Gives the account a role and, for a Team maintainer, its teams (any other role keeps none: teams only widen what a
    /// Team maintainer may edit). When anything changed, the account's open sessions are signed out at their next recheck.
    /// </summary>
    /// <returns>False when the account had this role and these teams already.</returns>
    /// <exception cref="UserAccountException">No such account, role or team, or it would leave no administrator.</exception>
    public Task<bool> ChangeAccessAsync(string email, string role, IReadOnlyCollection<string> teamSlugs, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() => ChangeAccessCoreAsync(email, role, teamSlugs, cancellationToken), cancellationToken);

    private async Task<bool> ChangeAccessCoreAsync(string email, string role, IReadOnlyCollection<string> teamSlugs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teamSlugs);
        var roleName = ParseRole(role);
        var user = await FindAsync(email);
        var teams = roleName == Roles.TeamMaintainer ? await FindTeamsAsync(teamSlugs, cancellationToken) : [];
        var current = await users.GetRolesAsync(user);
        var roleChanges = current.Count != 1 || current[0] != roleName;
        if (roleChanges && current.Contains(Roles.Administrator))
        {
            await EnsureAnotherAdministratorAsync(user, $"{user.Email} cannot become {Describe(roleName)}", cancellationToken);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var memberships = await db.TeamMemberships.Where(m => m.UserId == user.Id).ToListAsync(cancellationToken);
        var wanted = teams.Select(t => t.Id).ToHashSet();
        var teamsChange = !memberships.Select(m => m.TeamId).ToHashSet().SetEquals(wanted);
        if (!roleChanges && !teamsChange)
        {
            return false;
        }

        if (roleChanges)
        {
            await EnsureRolesAsync();
            Check(await users.RemoveFromRolesAsync(user, current), user.Email);
            Check(await users.AddToRoleAsync(user, roleName), user.Email);
        }

        if (teamsChange)
        {
            db.TeamMemberships.RemoveRange(memberships.Where(m => !wanted.Contains(m.TeamId)));
            db.TeamMemberships.AddRange(wanted.Except(memberships.Select(m => m.TeamId)).Select(id => new TeamMembership { UserId = user.Id, TeamId = id }));
            await db.SaveChangesAsync(cancellationToken);
        }

        Check(await users.UpdateSecurityStampAsync(user), user.Email);
        return true;
    }

    /// <summary>Lifts a lockout (after wrong passwords, or a block) and forgets the wrong passwords counted so far.</summary>
    /// <exception cref="UserAccountException">No such account.</exception>
    public async Task UnlockAsync(string email)
    {
        var user = await FindAsync(email);
        Check(await users.SetLockoutEndDateAsync(user, null), user.Email);
        Check(await users.ResetAccessFailedCountAsync(user), user.Email);
    }

    /// <summary>
    /// Locks the account until an administrator unlocks it, by password and by single sign-on alike, and ends its open
    /// sessions. Unlike removing it, this keeps single sign-on from creating the account afresh at the next sign-in.
    /// </summary>
    /// <exception cref="UserAccountException">No such account, or it is the last administrator.</exception>
    public Task BlockAsync(string email, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(async () =>
        {
            await BlockCoreAsync(email, cancellationToken);
            return true;
        }, cancellationToken);

    private async Task BlockCoreAsync(string email, CancellationToken cancellationToken)
    {
        var user = await FindAsync(email);
        if (await users.IsInRoleAsync(user, Roles.Administrator))
        {
            await EnsureAnotherAdministratorAsync(user, $"{user.Email} cannot be blocked", cancellationToken);
        }

        Check(await users.SetLockoutEnabledAsync(user, true), user.Email);
        Check(await users.SetLockoutEndDateAsync(user, BlockedUntil), user.Email);
        Check(await users.UpdateSecurityStampAsync(user), user.Email);
    }

    /// <summary>Gives the account a new made-up password, returned to be shown once; its open sessions end.</summary>
    /// <exception cref="UserAccountException">No such account.</exception>
    public async Task<string> ResetPasswordAsync(string email)
    {
        var user = await FindAsync(email);
        var password = MakePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, password), user.Email);
        return password;
    }

    /// <returns>False when no user has that address.</returns>
    /// <exception cref="UserAccountException">The account is the last administrator.</exception>
    public Task<bool> RemoveAsync(string email, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() => RemoveCoreAsync(email, cancellationToken), cancellationToken);

    private async Task<bool> RemoveCoreAsync(string email, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return false;
        }

        if (await users.IsInRoleAsync(user, Roles.Administrator))
        {
            await EnsureAnotherAdministratorAsync(user, $"{user.Email} cannot be removed", cancellationToken);
        }

        // The memberships and provider logins go with it; the cookie check finds no account and ends its sessions.
        Check(await users.DeleteAsync(user), user.Email);
        return true;
    }

    private static async Task<T> OneAtATimeAsync<T>(Func<Task<T>> change, CancellationToken cancellationToken)
    {
        await AdministratorChanges.WaitAsync(cancellationToken);
        try
        {
            return await change();
        }
        finally
        {
            AdministratorChanges.Release();
        }
    }

    private async Task<TrackerUser> FindAsync(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return await users.FindByEmailAsync(email.Trim())
            ?? throw new UserAccountException($"No account has the email {email.Trim()}. The list of accounts shows the addresses.");
    }

    /// <summary>Refuses a change that would leave nobody able to manage accounts: another administrator must exist and not be blocked.</summary>
    private async Task EnsureAnotherAdministratorAsync(TrackerUser user, string refused, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var others = await (
            from ur in db.UserRoles
            join r in db.Roles on ur.RoleId equals r.Id
            join u in db.Users on ur.UserId equals u.Id
            where r.Name == Roles.Administrator && u.Id != user.Id
            select u.LockoutEnd).ToListAsync(cancellationToken);

        // Compared here, not in SQL: SQLite cannot compare the stored DateTimeOffset values.
        if (others.All(IsBlocked))
        {
            throw new UserAccountException(
                $"{refused}: it is the last administrator, and nobody could manage accounts, repositories or keys any more. Make another account an Administrator first.");
        }
    }

    private async Task<List<Team>> FindTeamsAsync(IReadOnlyCollection<string> teamSlugs, CancellationToken cancellationToken)
    {
        if (teamSlugs.Count == 0)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Where(t => teamSlugs.Contains(t.Slug)).ToListAsync(cancellationToken);
        var unknown = teamSlugs.Except(teams.Select(t => t.Slug), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new UserAccountException($"No team has the slug {string.Join(", ", unknown.Select(u => $"'{u}'"))}. The Teams page and 'user list' show the slugs.");
        }

        return teams;
    }

    private static string ParseRole(string role) =>
        Roles.Parse(role) ?? throw new UserAccountException($"'{role}' is not a role. Roles: {string.Join(", ", Roles.All)}.");

    /// <summary>A role as a sentence names it: "a Team maintainer".</summary>
    public static string Describe(string role) => role switch
    {
        Roles.TeamMaintainer => "a Team maintainer",
        Roles.Administrator => "an Administrator",
        _ => $"a {role}",
    };

    /// <summary>24 random characters from an alphabet without look-alikes, with every character class Identity asks for.</summary>
    private static string MakePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 20);
        return new string(chars) + "-" + RandomNumberGenerator.GetItems<char>("abcdefghjkmnpqrstuvwxyz", 1)[0]
            + RandomNumberGenerator.GetItems<char>("ABCDEFGHJKLMNPQRSTUVWXYZ", 1)[0] + RandomNumberGenerator.GetItems<char>("23456789", 1)[0];
    }

    /// <summary>Identity's refusals in plain words: one sentence for a taken address, the password rules it missed, and so on.</summary>
    private static void Check(IdentityResult result, string? email)
    {
        if (result.Succeeded)
        {
            return;
        }

        var codes = result.Errors.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        if (codes.Contains(nameof(IdentityErrorDescriber.DuplicateEmail)) || codes.Contains(nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            throw new UserAccountException($"An account with the email {email} exists already.");
        }

        if (codes.Contains(nameof(IdentityErrorDescriber.InvalidEmail)) || codes.Contains(nameof(IdentityErrorDescriber.InvalidUserName)))
        {
            throw new UserAccountException($"'{email}' is not an email address this product accepts: use letters, digits and . _ - + @ only, as in ana@example.com.");
        }

        var password = result.Errors.Where(e => e.Code.StartsWith("Password", StringComparison.Ordinal)).Select(e => e.Description).ToList();
        if (password.Count > 0)
        {
            throw new UserAccountException($"The password is too weak. {string.Join(" ", password)} Leave it empty to have a strong one made up.");
        }

        throw new UserAccountException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
