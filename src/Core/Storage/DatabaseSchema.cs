using MigrationTracker.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MigrationTracker.Core.Storage;

/// <summary>
/// Brings the schema up to date (the web process) or waits until it is (worker processes),
/// so only one process ever migrates.
/// </summary>
public sealed class DatabaseSchema(IDbContextFactory<TrackerDbContext> contextFactory, StorageSettings settings, ILogger<DatabaseSchema> logger)
{
    /// <summary>Applies pending migrations. Connection failures become a <see cref="ConfigurationErrorException"/> naming the setting.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource) ?? settings.DataDirectory);
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s) to {Target}: {Migrations}", pending.Count, settings.DisplayTarget, string.Join(", ", pending));
                await context.Database.MigrateAsync(cancellationToken);
            }

            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets pages read while a job writes; the setting lives in the file.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>Returns the migrations defined by the code but not applied to the database.</summary>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return [.. await context.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    /// <summary>Waits until another process has applied every migration this code knows, polling at <paramref name="interval"/>.</summary>
    public async Task WaitUntilCurrentAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var announced = false;
        while (true)
        {
            try
            {
                var pending = await GetPendingMigrationsAsync(cancellationToken);
                if (pending.Count == 0)
                {
                    return;
                }

                if (!announced)
                {
                    logger.LogInformation("Waiting for the web process to apply {Count} migration(s) to {Target}", pending.Count, settings.DisplayTarget);
                    announced = true;
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or SqliteException)
            {
                logger.LogWarning("Database {Target} not reachable yet: {Reason}", settings.DisplayTarget, ex.Message);
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    private static bool IsDatabaseFailure(Exception ex) =>
        ex is NpgsqlException or SqliteException
        || (ex is InvalidOperationException && ex.InnerException is NpgsqlException or SqliteException);

    private ConfigurationErrorException Unreachable(Exception ex)
    {
        var cause = ex is InvalidOperationException && ex.InnerException is not null ? ex.InnerException : ex;
        var hint = settings.Provider == DatabaseProvider.Sqlite
            ? $"Check {StorageSettings.DataDirectoryKey} or {StorageSettings.ConnectionStringKey}: the folder must be writable."
            : $"Check {StorageSettings.ConnectionStringKey} and that the server is running and accepts this user.";
        return new ConfigurationErrorException($"Cannot open the {settings.DisplayTarget}: {cause.Message.TrimEnd('.')}. {hint}", ex);
    }
}
