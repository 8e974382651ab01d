using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace MigrationTracker.Testing;

/// <summary>
/// A real, empty database on the given provider (a SQLite file in a temporary folder, or a fresh
/// PostgreSQL database), with the product's migrations applied by the product's own code.
/// </summary>
public sealed class TestStorage : IAsyncDisposable, IDbContextFactory<TrackerDbContext>
{
    private readonly TemporaryDirectory _folder;
    private readonly PostgresDatabase? _postgres;

    private TestStorage(StorageSettings settings, TemporaryDirectory folder, PostgresDatabase? postgres)
    {
        Settings = settings;
        _folder = folder;
        _postgres = postgres;
        var builder = new DbContextOptionsBuilder<TrackerDbContext>();
        builder.UseTrackerDatabase(settings);
        Options = builder.Options;
    }

    public StorageSettings Settings { get; }

    public DbContextOptions<TrackerDbContext> Options { get; }

    public DatabaseSchema Schema => new(this, Settings, NullLogger<DatabaseSchema>.Instance);

    /// <summary>Creates the storage without applying migrations.</summary>
    public static async Task<TestStorage> CreateEmptyAsync(DatabaseProvider provider, CancellationToken cancellationToken = default)
    {
        var folder = new TemporaryDirectory("mt-storage");
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = folder.Combine("tracker.db");
            return new TestStorage(new StorageSettings(provider, $"Data Source={path};Default Timeout=30", folder.Path), folder, null);
        }

        var database = await PostgresServer.CreateDatabaseAsync(cancellationToken);
        return new TestStorage(new StorageSettings(provider, database.ConnectionString, folder.Path), folder, database);
    }

    /// <summary>A fresh PostgreSQL database with the schema applied, on another server than the shared one.</summary>
    public static async Task<TestStorage> CreatePostgreSqlAsync(string adminConnectionString, CancellationToken cancellationToken = default)
    {
        var database = await PostgresServer.CreateDatabaseAsync(adminConnectionString, cancellationToken);
        var folder = new TemporaryDirectory("mt-storage");
        var storage = new TestStorage(new StorageSettings(DatabaseProvider.PostgreSql, database.ConnectionString, folder.Path), folder, database);
        await storage.Schema.MigrateAsync(cancellationToken);
        return storage;
    }

    /// <summary>Creates the storage and brings its schema up to date.</summary>
    public static async Task<TestStorage> CreateAsync(DatabaseProvider provider, CancellationToken cancellationToken = default)
    {
        var storage = await CreateEmptyAsync(provider, cancellationToken);
        await storage.Schema.MigrateAsync(cancellationToken);
        return storage;
    }

    public TrackerDbContext CreateDbContext() => new(Options);

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _folder.Dispose();
    }
}
