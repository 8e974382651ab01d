using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Portfolio;

/// <summary>The columns the drivers grid can sort by.</summary>
public enum DriverSort
{
    Name = 0,
    Repository = 1,
    Team = 2,
    Language = 3,
    Model = 4,
    Framework = 5,
    Stage = 6,
    Readiness = 7,
    UnsafeShare = 8,
    CodeLines = 9,
    LastCommit = 10,
}

/// <summary>What the drivers grid shows: filters, sort and page, as they travel in the page's address.</summary>
public sealed record DriverGridQuery
{
    public string? Text { get; init; }

    public int? TeamId { get; init; }

    public int? RepositoryId { get; init; }

    public DriverLanguage? Language { get; init; }

    public DriverModel? Model { get; init; }

    public string? Framework { get; init; }

    public MigrationStage? Stage { get; init; }

    public ReadinessBand? Band { get; init; }

    public DriverSort Sort { get; init; } = DriverSort.Name;

    public bool Descending { get; init; }

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

/// <summary>One driver as the grid lists it, with the figures of its newest snapshot.</summary>
public sealed record DriverRow(
    int Id,
    string Name,
    string Repository,
    string ProjectPath,
    DriverLanguage Language,
    DriverModel Model,
    string? Framework,
    string? Team,
    MigrationStage Stage,
    double? Readiness,
    ReadinessBand Band,
    double? UnsafeShare,
    int CodeLines,
    string? Counterpart,
    DateTime? LastCommit);

public sealed record DriverGridPage(IReadOnlyList<DriverRow> Rows, int Total);
