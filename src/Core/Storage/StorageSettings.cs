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
    public const string KeyStoreKey = "DataProtection:Keys";

    public const string SqliteMigrationsAssembly = "MigrationTracker.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "MigrationTracker.Migrations.PostgreSql";

    public static readonly string AcceptedProviders = string.Join(", ", Enum.GetNames<DatabaseProvider>());

    /// <summary>Where the Data Protection keys that encrypt stored secrets are kept (<c>DataProtection:Keys</c>).</summary>
    public KeyStore KeyStore { get; init; } = KeyStore.Folder;

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

        var keyStoreText = configuration[KeyStoreKey];
        var keyStore = KeyStore.Folder;
        if (!string.IsNullOrWhiteSpace(keyStoreText) && (!Enum.TryParse(keyStoreText.Trim(), ignoreCase: true, out keyStore) || !Enum.IsDefined(keyStore)))
        {
            throw new ConfigurationErrorException(
                $"{KeyStoreKey} is '{keyStoreText}'. Use Folder (the 'keys' folder in the data folder, the default) or Database (the product's database, for processes on several machines).");
        }

        var settings = provider switch
        {
            DatabaseProvider.Sqlite => new StorageSettings(provider, ResolveSqlite(connectionString, dataDirectory), dataDirectory),
            _ => new StorageSettings(provider, ValidatePostgreSql(connectionString), dataDirectory),
        };
        return settings with { KeyStore = keyStore };
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

/// <summary>Where the Data Protection key ring lives.</summary>
public enum KeyStore
{
    /// <summary>The <c>keys</c> folder in the data folder: enough for processes on one machine.</summary>
    Folder = 0,

    /// <summary>The product's database, so processes on several machines read the same keys.</summary>
    Database = 1,
}
