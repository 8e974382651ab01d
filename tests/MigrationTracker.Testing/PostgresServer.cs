using Npgsql;

namespace MigrationTracker.Testing;

/// <summary>
/// The PostgreSQL server the tests use, named by the environment variable
/// <see cref="EnvironmentVariable"/> (scripts/test.sh starts a throwaway one and sets it).
/// Each test gets its own database, dropped afterwards.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "MIGRATIONTRACKER_TEST_POSTGRES";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The PostgreSQL tests need a server: set {EnvironmentVariable} to an Npgsql connection string of a user who may create databases, or run the tests with scripts/test.sh, which starts one.");

    /// <summary>Creates an empty database with a unique name and returns it; dispose to drop it.</summary>
    public static Task<PostgresDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default) =>
        CreateDatabaseAsync(AdminConnectionString, cancellationToken);

    /// <summary>Creates an empty database on another server than the shared one (a test's own cluster).</summary>
    public static async Task<PostgresDatabase> CreateDatabaseAsync(string adminConnectionString, CancellationToken cancellationToken = default)
    {
        var name = $"mt_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = false };
        return new PostgresDatabase(name, builder.ConnectionString, adminConnectionString);
    }
}

/// <summary>One test's database. Dropping it also ends any connection a process under test left open.</summary>
public sealed class PostgresDatabase(string name, string connectionString, string? adminConnectionString = null) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString ?? PostgresServer.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
