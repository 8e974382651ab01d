using MigrationTracker.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MigrationTracker.Workers.Sync;

/// <summary>
/// A job's failure in words for the Repositories page. Database failures otherwise reach the user as
/// "SQLite Error 5: 'database is locked'." or EF Core's "An error occurred while saving the entity
/// changes. See the inner exception for details.", which name neither the cause nor what to do.
/// </summary>
internal static class FailureMessages
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteFull = 13;

    public static string Describe(Exception exception, StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(storage);

        var cause = (exception is DbUpdateException or InvalidOperationException) && exception.InnerException is { } inner ? inner : exception;
        switch (cause)
        {
            case SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }:
                var waited = new SqliteConnectionStringBuilder(storage.ConnectionString).DefaultTimeout;
                return $"The database {storage.DisplayTarget} was locked by another program for longer than {waited} s. " +
                    "Close the program that holds it open (a sqlite3 shell, a backup or copy tool); the job will be retried.";
            case SqliteException { SqliteErrorCode: SqliteFull }:
                return $"The disk that holds the database {storage.DisplayTarget} is full. Free space there; the job will be retried.";
            case NpgsqlException postgres when IsConnectionFailure(postgres):
                return $"The database server does not answer ({storage.DisplayTarget}): {postgres.Message.TrimEnd('.')}. " +
                    "Check that it runs and accepts connections; the job will be retried.";
            default:
                // EF Core's own message only points at its inner exception, which says what went wrong.
                return exception is DbUpdateException ? cause.Message : exception.Message;
        }
    }

    /// <summary>The server is down, restarting or unreachable (connection exceptions, operator intervention), not a refused statement.</summary>
    private static bool IsConnectionFailure(NpgsqlException exception) => exception is PostgresException postgres
        ? postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
        : exception.IsTransient;
}
