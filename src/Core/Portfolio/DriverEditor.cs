namespace MigrationTracker.Core.Portfolio;

/// <summary>
/// Who is changing drivers, and whose drivers they may change: every team's and those of no team (<paramref name="CanEditAll"/>,
/// managers and administrators), or only the drivers of <paramref name="EditableTeamIds"/> (a team maintainer's teams).
/// </summary>
/// <param name="ChangedBy">The name recorded beside each change.</param>
public sealed record DriverEditor(string ChangedBy, bool CanEditAll, IReadOnlySet<int> EditableTeamIds)
{
    /// <summary>Whether a driver of <paramref name="teamId"/> (null: of no team) may be changed, or a driver moved to it.</summary>
    public bool CanEdit(int? teamId) => CanEditAll || (teamId is { } id && EditableTeamIds.Contains(id));

    /// <summary>Someone who may change every driver: a manager or an administrator.</summary>
    public static DriverEditor AnyTeam(string changedBy) => new(changedBy, true, new HashSet<int>());
}

/// <summary>The outcome of a change to a driver's plan: saved, or refused with a message for the user.</summary>
public sealed record DriverUpdateResult(string? Error)
{
    public bool Saved => Error is null;

    public static DriverUpdateResult Done { get; } = new((string?)null);

    public static DriverUpdateResult Refused(string error) => new(error);
}
