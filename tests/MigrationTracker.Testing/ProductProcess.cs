using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace MigrationTracker.Testing;

/// <summary>
/// One of the product's programs (the web app or the worker host) started as a real process from
/// its build output, as an operator would start it, with its output captured for assertions.
/// </summary>
public sealed class ProductProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProductProcess(Process process, Uri? baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the web app listens; null for the worker host.</summary>
    public Uri? BaseAddress { get; }

    public int Id => _process.Id;

    /// <summary>Everything the process wrote to standard output and standard error so far.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Starts the web app on a free loopback port.</summary>
    public static ProductProcess StartWeb(string contentRoot, IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreeTcpPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var environment = new Dictionary<string, string?>(settings) { ["Urls"] = baseAddress.ToString().TrimEnd('/') };
        foreach (var (key, value) in TestAccounts.AdminSettings)
        {
            environment.TryAdd(key, value);
        }

        return Start("Web", "MigrationTracker.Web.dll", contentRoot, environment, baseAddress);
    }

    /// <summary>Runs a command of the web executable (such as <c>apikey list</c>); wait for it with <see cref="WaitForExitAsync"/>.</summary>
    public static ProductProcess RunWebCommand(string contentRoot, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> settings) =>
        Start("Web", "MigrationTracker.Web.dll", contentRoot, settings, null, arguments);

    /// <summary>Runs a command of the worker executable (such as <c>sync --repository PATH</c>); wait for it with <see cref="WaitForExitAsync"/>.</summary>
    public static ProductProcess RunWorkersCommand(string contentRoot, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> settings) =>
        Start("Workers", "MigrationTracker.Workers.dll", contentRoot, settings, null, arguments);

    /// <summary>Starts the standalone worker host.</summary>
    public static ProductProcess StartWorkers(string contentRoot, IReadOnlyDictionary<string, string?> settings) =>
        Start("Workers", "MigrationTracker.Workers.dll", contentRoot, settings, null);

    /// <summary>The folder that holds MigrationTracker.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static ProductProcess Start(string project, string assembly, string contentRoot, IReadOnlyDictionary<string, string?> settings, Uri? baseAddress, IReadOnlyList<string>? arguments = null)
    {
        var configuration = typeof(ProductProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var binary = Path.Combine(RepositoryRoot, "src", project, "bin", configuration, "net10.0", assembly);
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException($"Build {project} first: {binary} is missing.", binary);
        }

        // The content root is the test's folder, holding the program's shipped appsettings.json, as a
        // deployment folder would: the data folder then defaults to a fresh "data" folder beside it.
        Directory.CreateDirectory(contentRoot);
        var shippedSettings = Path.Combine(Path.GetDirectoryName(binary)!, "appsettings.json");
        var settingsCopy = Path.Combine(contentRoot, "appsettings.json");
        if (!File.Exists(settingsCopy))
        {
            File.Copy(shippedSettings, settingsCopy);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = contentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(binary);

        // A command comes first, as an operator types it; the content root follows as a setting.
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(contentRoot);

        // Start from a clean slate: nothing from the test runner's environment leaks into the product's settings.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) || k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";

        // The tests' repositories lie in the temp folder, which the product allows only when listed.
        if (!TestLocalRoots.AreNamedIn([.. settings.Keys, .. arguments ?? []]))
        {
            foreach (var (key, value) in TestLocalRoots.EnvironmentVariables)
            {
                start.Environment[key] = value;
            }
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var product = new ProductProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => product.Record(e.Data);
        process.ErrorDataReceived += (_, e) => product.Record(e.Data);
        process.Exited += (_, _) => product._exited.TrySetResult(process.ExitCode);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return product;
    }

    /// <summary>Waits until the web app answers <c>/health/ready</c> with 200, or fails with its output.</summary>
    public async Task WaitUntilReadyAsync(HttpClient client, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The web app exited with code {_exited.Task.Result} before it was ready:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress!, "health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The web app was not ready after {timeout}:{Environment.NewLine}{Output}");
    }

    /// <summary>Waits until a line of output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }

            if (HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No output line contained '{text}':{Environment.NewLine}{Output}");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_exited.Task, Task.Delay(timeout));
        if (finished != _exited.Task)
        {
            throw new TimeoutException($"The process still runs after {timeout}:{Environment.NewLine}{Output}");
        }

        await _process.WaitForExitAsync(); // drains the output readers
        return _exited.Task.Result;
    }

    /// <summary>Asks the process to stop as a service manager would (SIGTERM) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        if (await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(30))) != _exited.Task)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Ends the process at once, as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MigrationTracker.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"MigrationTracker.sln not found above {AppContext.BaseDirectory}.");
    }
}
