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
public sealed record DriverRow
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public required string Repository { get; init; }

    public required string ProjectPath { get; init; }

    public DriverLanguage Language { get; init; }

    public DriverModel Model { get; init; }

    public string? Framework { get; init; }

    public string? Team { get; init; }

    public MigrationStage Stage { get; init; }

    public double? Readiness { get; init; }

    public ReadinessBand Band { get; init; }

    public double? UnsafeShare { get; init; }

    public int CodeLines { get; init; }

    public string? Counterpart { get; init; }

    public DateTime? LastCommit { get; init; }
}

public sealed record DriverGridPage(IReadOnlyList<DriverRow> Rows, int Total);
