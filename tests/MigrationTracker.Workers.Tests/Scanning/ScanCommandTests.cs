using System.Text.Json;
using MigrationTracker.Testing;

namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>The scan command as a CI job uses it: arguments in, text or JSON out, an exit code to gate on.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private readonly TemporaryDirectory _tree = new("mt-scan-cli");

    public ScanCommandTests() => EchoFixture.Write(_tree.Path);

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Json_output_lists_languages_with_their_cloc_names_and_counts()
    {
        var run = await ScanRun.RunAsync(_tree.Path, "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        using var json = run.Json();
        var languages = json.RootElement.GetProperty("languages").EnumerateArray()
            .ToDictionary(l => l.GetProperty("language").GetString()!, l => (
                l.GetProperty("files").GetInt32(), l.GetProperty("blank").GetInt32(), l.GetProperty("comment").GetInt32(), l.GetProperty("code").GetInt32()));
        languages.ShouldBe(new Dictionary<string, (int, int, int, int)>
        {
            ["C"] = (2, 13, 7, 56),
            ["C/C++ Header"] = (1, 5, 0, 18),
            ["Rust"] = (2, 6, 4, 38),
        }, ignoreOrder: true);
    }

    [Fact]
    public async Task Json_output_lists_files_with_unsafe_lines_only_for_Rust()
    {
        var run = await ScanRun.RunAsync(_tree.Path, "--format", "json");

        using var json = run.Json();
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        files.Select(f => f.GetProperty("path").GetString()).ShouldBe(
            [EchoFixture.DeviceH, EchoFixture.DriverC, EchoFixture.QueueC, EchoFixture.LibRs, EchoFixture.SmokeRs]);

        var driver = files.Single(f => f.GetProperty("path").GetString() == EchoFixture.DriverC);
        driver.GetProperty("language").GetString().ShouldBe("C");
        (driver.GetProperty("blank").GetInt32(), driver.GetProperty("comment").GetInt32(), driver.GetProperty("code").GetInt32()).ShouldBe((10, 5, 38));
        driver.TryGetProperty("unsafeLines", out _).ShouldBeFalse();

        var lib = files.Single(f => f.GetProperty("path").GetString() == EchoFixture.LibRs);
        lib.GetProperty("language").GetString().ShouldBe("Rust");
        (lib.GetProperty("blank").GetInt32(), lib.GetProperty("comment").GetInt32(), lib.GetProperty("code").GetInt32()).ShouldBe((6, 4, 34));
        lib.GetProperty("unsafeLines").GetInt32().ShouldBe(19, "18 in product code and 1 in the test module");
    }

    [Fact]
    public async Task Json_output_describes_each_driver_with_its_readiness_or_unsafe_share()
    {
        var run = await ScanRun.RunAsync(_tree.Path, "--format", "json");

        using var json = run.Json();
        var drivers = json.RootElement.GetProperty("drivers").EnumerateArray().ToDictionary(d => d.GetProperty("path").GetString()!);
        drivers.Keys.ShouldBe([EchoFixture.CargoToml, EchoFixture.CProject], ignoreOrder: true);

        var c = drivers[EchoFixture.CProject];
        c.GetProperty("name").GetString().ShouldBe("echo");
        c.GetProperty("language").GetString().ShouldBe("C");
        c.GetProperty("model").GetString().ShouldBe("Kmdf");
        c.GetProperty("framework").GetString().ShouldBe("None");
        c.GetProperty("code").GetProperty("cCode").GetInt32().ShouldBe(56);
        c.GetProperty("code").GetProperty("headerCode").GetInt32().ShouldBe(18);
        c.GetProperty("code").GetProperty("total").GetInt32().ShouldBe(74);
        var readiness = c.GetProperty("readiness");
        readiness.GetProperty("score").GetDouble().ShouldBeInRange(0, 100);
        var seh = readiness.GetProperty("factors").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "structuredExceptionHandling");
        seh.GetProperty("evidence").EnumerateArray().Select(e => (e.GetProperty("path").GetString(), e.GetProperty("line").GetInt32()))
            .ShouldBe([(EchoFixture.QueueC, 14), (EchoFixture.QueueC, 16)]);
        c.GetProperty("suggestedCounterpart").GetString().ShouldBe(EchoFixture.CargoToml);

        var rust = drivers[EchoFixture.CargoToml];
        rust.GetProperty("name").GetString().ShouldBe(EchoFixture.RustCrate);
        rust.GetProperty("language").GetString().ShouldBe("Rust");
        rust.GetProperty("model").GetString().ShouldBe("Kmdf");
        rust.TryGetProperty("readiness", out _).ShouldBeFalse();
        var unsafeCode = rust.GetProperty("unsafe");
        unsafeCode.GetProperty("unsafeLines").GetInt32().ShouldBe(18);
        unsafeCode.GetProperty("counts").GetProperty("Function").GetInt32().ShouldBe(2);
        unsafeCode.GetProperty("share").GetDouble().ShouldBe(
            (double)unsafeCode.GetProperty("unsafeLines").GetInt32() / unsafeCode.GetProperty("codeLines").GetInt32(), 1e-9);
    }

    [Fact]
    public async Task Json_output_lists_skipped_files_with_their_reason()
    {
        EchoFixture.WriteBytes(_tree.Path, "echo/kmdf/driver/empty.h", []);

        var run = await ScanRun.RunAsync(_tree.Path, "--format", "json");

        using var json = run.Json();
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray().Single();
        skipped.GetProperty("path").GetString().ShouldBe("echo/kmdf/driver/empty.h");
        skipped.GetProperty("reason").GetString().ShouldBe("empty file");
    }

    [Fact]
    public async Task Table_output_is_the_default_and_shows_languages_and_drivers()
    {
        var run = await ScanRun.RunAsync(_tree.Path);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain("2 driver(s)");
        run.Output.ShouldContain(EchoFixture.RustCrate);
        run.Output.Split('\n').ShouldContain(line => line.StartsWith("SUM:", StringComparison.Ordinal) && line.TrimEnd().EndsWith("112", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unsafe_share_above_the_bar_fails_the_run_naming_the_Rust_driver()
    {
        var run = await ScanRun.RunAsync(_tree.Path, "--max-unsafe-share", "0.01");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain(EchoFixture.RustCrate);
        run.Error.ShouldContain(EchoFixture.CargoToml);
        run.Error.ShouldNotContain(EchoFixture.CProject);
    }

    [Fact]
    public async Task A_readiness_below_the_bar_fails_the_run_naming_the_C_driver()
    {
        var run = await ScanRun.RunAsync(_tree.Path, "--min-readiness", "100");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain(EchoFixture.CProject);
        run.Error.ShouldNotContain(EchoFixture.CargoToml);
    }

    [Fact]
    public async Task Generous_bars_pass()
    {
        var run = await ScanRun.RunAsync(_tree.Path, "--max-unsafe-share", "1", "--min-readiness", "0", "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_folder_is_refused_with_a_message_naming_it()
    {
        var missing = _tree.Combine("no-such-folder");

        var run = await ScanRun.RunAsync(missing);

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain(missing);
        run.Error.ShouldContain("is not a folder");
        run.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_format_is_refused()
    {
        var run = await ScanRun.RunAsync(_tree.Path, "--format", "xml");

        run.ExitCode.ShouldNotBe(0);
        run.Error.ShouldContain("xml");
        run.Output.ShouldNotContain("driver(s)");
    }
}
