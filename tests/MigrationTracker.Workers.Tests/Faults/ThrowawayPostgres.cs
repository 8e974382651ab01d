using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MigrationTracker.Testing;

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of one test's own, made with Debian's <c>initdb</c> and run with <c>pg_ctl</c>
/// on 127.0.0.1 as scripts/test.sh runs the shared one, so that the test may stop and start it
/// without disturbing the other tests. As root, the server runs as the <c>postgres</c> user.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly TemporaryDirectory _folder;
    private readonly int _port;

    private ThrowawayPostgres(string bin, TemporaryDirectory folder, int port)
    {
        _bin = bin;
        _folder = folder;
        _port = port;
    }

    /// <summary>Connection string of the cluster's superuser, which may create databases.</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={_port};Username=tracker;Database=postgres;Timeout=5;Pooling=false";

    /// <summary>The server's own log, for messages when a test fails.</summary>
    public string ServerLog => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    private string DataPath => _folder.Combine("data");

    private string LogPath => _folder.Combine("server.log");

    /// <summary>Creates and starts a cluster; skips the test when PostgreSQL's server programs are not installed here.</summary>
    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken cancellationToken)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
        {
            Assert.Skip("This test stops and starts a PostgreSQL cluster of its own and needs Debian's postgresql package (initdb, pg_ctl in /usr/lib/postgresql/*/bin), which is not installed here.");
        }

        var folder = new TemporaryDirectory("mt-pg");
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres:postgres", folder.Path], asPostgres: false, cancellationToken);
        }

        var cluster = new ThrowawayPostgres(bin, folder, FreeTcpPort());
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", cluster.DataPath, "-U", "tracker", "--auth=trust", "-E", "UTF8", "--no-sync"], asPostgres: true, cancellationToken);
        await cluster.StartServerAsync(cancellationToken);
        return cluster;
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public Task StartServerAsync(CancellationToken cancellationToken) => RunAsync(
        Path.Combine(_bin, "pg_ctl"),
        ["-D", DataPath, "-l", LogPath, "-w", "-t", "60", "-o", $"-c listen_addresses=127.0.0.1 -p {_port} -k {_folder.Path} -c fsync=off", "start"],
        asPostgres: true,
        cancellationToken);

    /// <summary>Stops the server as an operator's <c>pg_ctl stop</c> does (fast: open sessions are ended) and waits until it is down.</summary>
    public Task StopServerAsync(CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataPath, "-m", "fast", "-w", "-t", "60", "stop"], asPostgres: true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataPath, "-m", "immediate", "-w", "stop"], asPostgres: true, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        _folder.Dispose();
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && Environment.UserName == "root")
        {
            // PostgreSQL refuses to run as root.
            start.FileName = "runuser";
            foreach (var argument in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{await output}{await error}");
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
