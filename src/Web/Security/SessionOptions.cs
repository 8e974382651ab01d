namespace MigrationTracker.Web.Security;

/// <summary>
/// How long a signed-in session may run on what the account was allowed when last checked (section
/// <c>Authentication:Sessions</c>). Every <see cref="RecheckInterval"/>, the sign-in cookie (on the next request) and an
/// open page's live connection are checked against the account: removed, blocked, or changed (role, teams, password)
/// since, and the session ends: the person signs in again with what the account may do now.
/// </summary>
public sealed class SessionOptions
{
    public const string SectionName = "Authentication:Sessions";

    /// <summary>At most this long after an administrator removes, blocks or demotes an account, its sessions lose the access.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The interval for an open page's connection: it is checked on a timer, so never more often than once a second.</summary>
    public TimeSpan CircuitRecheckInterval => RecheckInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : RecheckInterval;
}
