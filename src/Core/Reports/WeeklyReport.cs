using MigrationTracker.Core.Portfolio;

namespace MigrationTracker.Core.Reports;

/// <summary>How a figure is written: a count, a share (0..1 shown as a percentage), a score out of 100, or code lines.</summary>
public enum FigureUnit
{
    Count = 0,
    Share = 1,
    Score = 2,
    Lines = 3,
}

/// <summary>A driver's build health at a time: the latest result of its own build, or of its repository's.</summary>
public enum BuildHealth
{
    Unknown = 0,
    Passing = 1,
    Failing = 2,
}

public enum RegressionKind
{
    ReadinessDown = 0,
    UnsafeShareUp = 1,
    BuildBroken = 2,
    NewWithoutOwner = 3,
}

/// <summary>
/// The weekly report: every export format (XLSX, PDF, CSV, Markdown, mail, webhook) is rendered from this one model,
/// which is stored as JSON with the report so it can be downloaded again with the same figures.
/// </summary>
public sealed record WeeklyReport(
    int FormatVersion,
    DateOnly WeekStart,
    DateTime AsOf,
    DateTime GeneratedAt,
    string Scope,
    string ScopeName,
    IReadOnlyList<ReportFigure> Headlines,
    IReadOnlyList<ReportDriver> Drivers,
    IReadOnlyList<ReportTeam> Teams,
    IReadOnlyList<ReportMover> TopMovers,
    IReadOnlyList<ReportRegression> Regressions,
    IReadOnlyList<ReportEvent> NewlyPaired,
    IReadOnlyList<ReportEvent> NewlyMigrated,
    IReadOnlyList<TrendPoint> Trend,
    CompletionProjection Projection)
{
    public const int CurrentFormatVersion = 1;

    /// <summary>The whole organisation's scope key; a team's report uses the team's slug.</summary>
    public const string OrganisationScope = "";

    /// <summary>Sunday of the report's week.</summary>
    public DateOnly WeekEnd => WeekStart.AddDays(6);

    /// <summary>ISO 8601 week, e.g. 2026-W47.</summary>
    public string IsoWeek => ReportWeek.IsoName(WeekStart);

    public bool IsOrganisation => Scope.Length == 0;

    /// <summary>A file name for this report: only letters, digits and dashes come from the scope.</summary>
    public string FileName(string extension) => ReportWeek.FileName(WeekStart, Scope, extension);
}

/// <summary>A headline figure at the end of the week and at the end of the week before.</summary>
public sealed record ReportFigure(string Key, string Label, FigureUnit Unit, double? Now, double? WeekEarlier)
{
    public double? Change => Now is { } now && WeekEarlier is { } before ? now - before : null;
}

/// <summary>One driver at the end of the week, with its figures a week earlier (null where it had none).</summary>
public sealed record ReportDriver(
    int Id,
    string Name,
    string Repository,
    string? Team,
    string Language,
    string Model,
    string Stage,
    string? Counterpart,
    DateOnly FirstSeen,
    string? CommitId,
    double? Readiness,
    double? ReadinessBefore,
    string? Band,
    double? UnsafeShare,
    double? UnsafeShareBefore,
    int CCodeLines,
    int? CCodeLinesBefore,
    int RustCodeLines,
    int? RustCodeLinesBefore,
    BuildHealth Build,
    BuildHealth BuildBefore)
{
    public double? ReadinessChange => Readiness is { } now && ReadinessBefore is { } before ? now - before : null;

    public double? UnsafeShareChange => UnsafeShare is { } now && UnsafeShareBefore is { } before ? now - before : null;

    public int? CCodeLinesChange => CCodeLinesBefore is { } before ? CCodeLines - before : null;

    public int? RustCodeLinesChange => RustCodeLinesBefore is { } before ? RustCodeLines - before : null;
}

/// <summary>A team's drivers summed up at the end of the week.</summary>
public sealed record ReportTeam(
    string Name,
    string? Slug,
    int Drivers,
    int CDrivers,
    int RustDrivers,
    int CDriversWithPort,
    int Migrated,
    long CCodeLines,
    long RustCodeLines,
    double? RustShare,
    double? MedianReadiness,
    double? MeanUnsafeShare,
    int Regressions);

/// <summary>A driver that moved most in one measure this week.</summary>
public sealed record ReportMover(int DriverId, string Driver, string Repository, string Measure, FigureUnit Unit, double Before, double After)
{
    public double Change => After - Before;
}

/// <summary>Something that got worse this week, with what it was and what it is.</summary>
public sealed record ReportRegression(
    RegressionKind Kind,
    int? DriverId,
    string? Driver,
    string Repository,
    double? Before,
    double? After,
    DateTime? At,
    string Detail);

/// <summary>A driver newly paired with its Rust port, or newly migrated, this week.</summary>
public sealed record ReportEvent(int DriverId, string Driver, string Repository, string? Counterpart, DateOnly On, string Detail);
