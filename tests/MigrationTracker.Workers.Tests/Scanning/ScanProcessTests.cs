using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using MigrationTracker.Testing;

namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>The scan verb of the built worker program, started as a CI job would start it.</summary>
public sealed class ScanProcessTests : IDisposable
{
    private readonly TemporaryDirectory _tree = new("mt-scan-process");

    public ScanProcessTests() => EchoFixture.Write(_tree.Path);

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task The_worker_program_prints_the_report_as_JSON_and_exits_with_zero()
    {
        var (exitCode, output, error) = await RunWorkersAsync("scan", _tree.Path, "--format", "json");

        exitCode.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("languages").EnumerateArray()
            .Select(l => (l.GetProperty("language").GetString(), l.GetProperty("code").GetInt32()))
            .ShouldBe([("C", 56), ("Rust", 38), ("C/C++ Header", 18)]);
        json.RootElement.GetProperty("drivers").EnumerateArray().Select(d => d.GetProperty("path").GetString())
            .ShouldBe([EchoFixture.CargoToml, EchoFixture.CProject], ignoreOrder: true);
        json.RootElement.GetProperty("skipped").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task The_worker_program_exits_with_three_when_a_bar_is_missed()
    {
        var (exitCode, output, error) = await RunWorkersAsync("scan", _tree.Path, "--max-unsafe-share", "0.01");

        exitCode.ShouldBe(3, error);
        error.ShouldContain(EchoFixture.RustCrate);
        output.ShouldContain("2 driver(s)");
    }

    [Fact]
    public async Task The_worker_program_exits_with_one_for_a_missing_folder()
    {
        var missing = _tree.Combine("missing");

        var (exitCode, output, error) = await RunWorkersAsync("scan", missing);

        exitCode.ShouldBe(1);
        error.ShouldContain($"{missing} is not a folder");
        output.ShouldBeEmpty();
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunWorkersAsync(params string[] args)
    {
        var configuration = typeof(ScanProcessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var binary = Path.Combine(ProductProcess.RepositoryRoot, "src", "Workers", "bin", configuration, "net10.0", "MigrationTracker.Workers.dll");
        File.Exists(binary).ShouldBeTrue($"Build the workers first: {binary} is missing.");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(binary);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a hang guard, not a timing assertion
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scan did not end: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
