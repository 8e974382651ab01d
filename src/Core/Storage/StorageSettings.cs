using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace MigrationTracker.Core.Storage;

/// <summary>
/// Where the product keeps its data, resolved and checked once at start-up from
/// <c>Database:Provider</c>, <c>ConnectionStrings:Tracker</c> and <c>Storage:DataDirectory</c>.
/// </summary>
public sealed record StorageSettings(DatabaseProvider Provider, string ConnectionString, string DataDirectory)
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringName = "Tracker";
    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;
    public const string DataDirectoryKey = "Storage:DataDirectory";

    public const string SqliteMigrationsAssembly = "MigrationTracker.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "MigrationTracker.Migrations.PostgreSql";

    public static readonly string AcceptedProviders = string.Join(", ", Enum.GetNames<DatabaseProvider>());

    public string MigrationsAssembly => Provider == DatabaseProvider.Sqlite ? SqliteMigrationsAssembly : PostgreSqlMigrationsAssembly;

    /// <summary>The connection target without credentials, safe to show in logs and errors.</summary>
    public string DisplayTarget => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnectionStringBuilder(ConnectionString).DataSource,
        _ => DescribePostgreSql(new NpgsqlConnectionStringBuilder(ConnectionString)),
    };

    /// <summary>Reads and validates the settings; throws <see cref="ConfigurationErrorException"/> naming the setting at fault.</summary>
    public static StorageSettings FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var providerText = configuration[ProviderKey];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText.Trim(), ignoreCase: true, out provider))
        {
            throw new ConfigurationErrorException(
                $"{ProviderKey} is '{providerText}', which is not a database provider this product knows. Accepted values: {AcceptedProviders}.");
        }

        if (!Enum.IsDefined(provider))
        {
            throw new ConfigurationErrorException(
                $"{ProviderKey} is '{providerText}', which is not a database provider this product knows. Accepted values: {AcceptedProviders}.");
        }

        var dataDirectory = Path.GetFullPath(configuration[DataDirectoryKey] is { Length: > 0 } configured ? configured : "data", contentRoot);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        return provider switch
        {
            DatabaseProvider.Sqlite => new StorageSettings(provider, ResolveSqlite(connectionString, dataDirectory), dataDirectory),
            _ => new StorageSettings(provider, ValidatePostgreSql(connectionString), dataDirectory),
        };
    }

    private static string ResolveSqlite(string? connectionString, string dataDirectory)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? string.Empty : connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or FormatException)
        {
            throw new ConfigurationErrorException(
                $"{ConnectionStringKey} is not a valid SQLite connection string ({ex.Message}). Leave it empty to use {Path.Combine(dataDirectory, "tracker.db")}, or give one such as 'Data Source=/var/lib/migrationtracker/tracker.db'.", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            builder.DataSource = Path.Combine(dataDirectory, "tracker.db");
        }

        // Waiting on a busy database beats failing: the web process and in-process jobs share the file.
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    private static string ValidatePostgreSql(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ConfigurationErrorException(
                $"{ProviderKey} is PostgreSql but {ConnectionStringKey} is empty. Set it (environment variable ConnectionStrings__Tracker), for example 'Host=127.0.0.1;Port=5432;Database=migrationtracker;Username=tracker;Password=...'.");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or FormatException)
        {
            throw new ConfigurationErrorException(
                $"{ConnectionStringKey} is not a valid PostgreSQL connection string: {ex.Message} Expected the form 'Host=...;Port=...;Database=...;Username=...;Password=...'.", ex);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConfigurationErrorException(
                $"{ConnectionStringKey} names no Host. Expected the form 'Host=...;Port=...;Database=...;Username=...;Password=...'.");
        }

        return builder.ConnectionString;
    }

    private static string DescribePostgreSql(NpgsqlConnectionStringBuilder builder) =>
        $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port} as '{builder.Username}'";
}
