namespace MigrationTracker.Core.Storage;

/// <summary>The database engines the product runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>One file in the data folder; the zero-setup default.</summary>
    Sqlite = 0,

    /// <summary>A shared server, for several worker processes.</summary>
    PostgreSql = 1,
}
