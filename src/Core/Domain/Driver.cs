namespace MigrationTracker.Core.Domain;

public enum DriverLanguage
{
    C = 0,
    Cpp = 1,
    Rust = 2,
}

/// <summary>Windows driver models, as the project files declare them.</summary>
public enum DriverModel
{
    Unknown = 0,
    Kmdf = 1,
    Umdf = 2,
    Wdm = 3,
    Miniport = 4,
    ExportDriver = 5,
}

/// <summary>Where a driver stands in its move from C/C++ to Rust.</summary>
public enum MigrationStage
{
    NotStarted = 0,
    Planned = 1,
    InProgress = 2,

    /// <summary>The Rust port ships; the C driver is retired or kept only for reference.</summary>
    Migrated = 3,

    /// <summary>The team decided not to port this driver.</summary>
    WontMigrate = 4,
}

/// <summary>The words people read for a <see cref="MigrationStage"/>, on every page and in every report; stored values and API JSON keep the enum names.</summary>
public static class MigrationStageNames
{
    public static string DisplayName(this MigrationStage stage) => stage switch
    {
        MigrationStage.NotStarted => "Not started",
        MigrationStage.Planned => "Planned",
        MigrationStage.InProgress => "In progress",
        MigrationStage.Migrated => "Migrated",
        MigrationStage.WontMigrate => "Won't migrate",
        _ => stage.ToString(),
    };
}

public enum PairingSource
{
    None = 0,

    /// <summary>Suggested by the analysis (shared hardware IDs, service or driver name).</summary>
    Suggested = 1,

    /// <summary>Set by a person; the analysis never overrides it.</summary>
    Manual = 2,
}

/// <summary>A driver project inside a repository, identified by the path of its project file.</summary>
public class Driver
{
    public int Id { get; set; }

    public int RepositoryId { get; set; }

    public Repository? Repository { get; set; }

    /// <summary>Path of the project file (.vcxproj or Cargo.toml) relative to the repository root, with forward slashes.</summary>
    public required string ProjectPath { get; set; }

    public required string Name { get; set; }

    public DriverLanguage Language { get; set; }

    public DriverModel Model { get; set; }

    /// <summary>The framework the driver is written against (NDIS, minifilter, ...), when its includes and libraries show it.</summary>
    public string? Framework { get; set; }

    public int? TeamId { get; set; }

    public Team? Team { get; set; }

    public MigrationStage Stage { get; set; }

    /// <summary>The C driver's Rust port, or the Rust driver's C original.</summary>
    public int? CounterpartId { get; set; }

    public Driver? Counterpart { get; set; }

    public PairingSource PairingSource { get; set; }

    public DateTime FirstSeenAt { get; set; }

    /// <summary>Set when the project no longer exists at the newest analysed commit; its history stays.</summary>
    public DateTime? RemovedAt { get; set; }

    public List<Snapshot> Snapshots { get; } = [];
}
