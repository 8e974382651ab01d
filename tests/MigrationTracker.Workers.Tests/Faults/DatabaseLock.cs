using System.ComponentModel;
using System.Diagnostics;

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// Another program holding a SQLite database file locked: a Python child process with its own SQLite
/// library in <c>BEGIN EXCLUSIVE</c>, as a sqlite3 shell or a backup tool left in a transaction would.
/// In WAL mode readers go on; every writer waits (and, past its busy timeout, fails).
/// </summary>
internal sealed class DatabaseLock : IAsyncDisposable
{
    private const string Script = """
        import sqlite3, sys
        connection = sqlite3.connect(sys.argv[1], timeout=120, isolation_level=None)
        connection.execute("BEGIN EXCLUSIVE")
        print("locked", flush=True)
        sys.stdin.readline()
        connection.execute("ROLLBACK")
        connection.close()
        print("released", flush=True)
        """;

    private readonly Process _process;

    private DatabaseLock(Process process)
    {
        _process = process;
    }

    /// <summary>Takes the lock (waiting for a writer in the middle of a transaction to finish it) and returns once it is held.</summary>
    public static async Task<DatabaseLock> TakeAsync(string databasePath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(databasePath);

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            Assert.Skip($"This test locks the database from another process with python3's sqlite3 module, and python3 cannot be started here: {ex.Message}");
            throw;
        }

        var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line != "locked")
        {
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            throw new InvalidOperationException($"The locking process did not take the lock on {databasePath}: {line}{Environment.NewLine}{error}");
        }

        return new DatabaseLock(process);
    }

    /// <summary>Ends the other program's transaction: writers may go on.</summary>
    public async Task ReleaseAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        await _process.StandardInput.WriteLineAsync();
        await _process.StandardInput.FlushAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.ExitCode.ShouldBe(0, await _process.StandardError.ReadToEndAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
