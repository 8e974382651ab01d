using MigrationTracker.Core.Storage;

namespace MigrationTracker.Core.Tests.Storage;

/// <summary>Both storage providers: every storage test runs on SQLite and on PostgreSQL.</summary>
public static class StorageProviders
{
    public static TheoryData<DatabaseProvider> All => new(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql);
}
