using System.Diagnostics;
using System.Text.Json;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Scanning;

namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>
/// The scan's line counts against cloc's, as an independent check: the product promises cloc's rules.
/// cloc is a test dependency (Debian's package, installed by CI); without it these tests fail.
/// </summary>
public sealed class ClocAgreementTests : IDisposable
{
    private const string Cloc = "/usr/bin/cloc";

    private readonly TemporaryDirectory _tree = new("mt-scan-cloc");

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task A_generated_corpus_of_driver_like_files_counts_as_cloc_counts_it()
    {
        var paths = new ClocCorpus(seed: 20240501).Write(_tree.Path, 200);

        var cloc = await RunClocAsync(_tree.Path);
        var report = ScanCommand.Scan(_tree.Path, null, new ScanOptions());

        report.Skipped.ShouldBeEmpty();
        report.Files.Count.ShouldBe(paths.Count);
        ShouldAgree(report, cloc);
    }

    [Fact]
    public async Task Hand_written_driver_files_count_as_cloc_counts_them()
    {
        EchoFixture.Write(_tree.Path);
        EchoFixture.WriteText(_tree.Path, "storage/filter/filter.c", RealWorld.FilterC);
        EchoFixture.WriteText(_tree.Path, "storage/filter/filter.h", RealWorld.FilterH);
        EchoFixture.WriteText(_tree.Path, "audio/simple/adapter.cpp", RealWorld.AdapterCpp);
        EchoFixture.WriteText(_tree.Path, "rust/sample/src/wdf.rs", RealWorld.WdfRs);

        var cloc = await RunClocAsync(_tree.Path);
        var report = ScanCommand.Scan(_tree.Path, null, new ScanOptions());

        report.Skipped.ShouldBeEmpty();
        ShouldAgree(report, cloc);
    }

    [Fact]
    public void Where_cloc_is_knowingly_wrong_the_scan_follows_the_language()
    {
        // cloc ends a Rust comment at the first */ and takes '"' for the start of a string.
        EchoFixture.WriteText(_tree.Path, "k/src/nested.rs", "/* outer\n/* inner */\nstill comment */\nlet x = 1;\nlet q = '\"'; // c\n");
        EchoFixture.WriteText(_tree.Path, "k/quote.c", "char c = '\"'; // comment \"\nint d; /* x */\n");

        var report = ScanCommand.Scan(_tree.Path, null, new ScanOptions());

        report.Files.ShouldBe(
        [
            new FileEntry("k/quote.c", "C", 0, 0, 2, null),
            new FileEntry("k/src/nested.rs", "Rust", 0, 3, 2, 0),
        ]);
    }

    private static void ShouldAgree(ScanReport report, ClocCounts cloc)
    {
        var mismatches = new List<string>();
        foreach (var file in report.Files)
        {
            if (!cloc.Files.TryGetValue(file.Path, out var expected))
            {
                mismatches.Add($"{file.Path}: cloc did not count it");
                continue;
            }

            var actual = (file.Language, file.Blank, file.Comment, file.Code);
            if (actual != expected)
            {
                mismatches.Add($"{file.Path}: cloc {expected}, scan {actual}");
            }
        }

        foreach (var path in cloc.Files.Keys.Except(report.Files.Select(f => f.Path)))
        {
            mismatches.Add($"{path}: counted by cloc, not by the scan");
        }

        mismatches.ShouldBeEmpty(string.Join(Environment.NewLine, mismatches));
        report.Languages.ShouldBe(cloc.Languages, ignoreOrder: true);
    }

    private sealed record ClocCounts(Dictionary<string, (string Language, int Blank, int Comment, int Code)> Files, List<LanguageTotals> Languages);

    private static async Task<ClocCounts> RunClocAsync(string root)
    {
        if (!File.Exists(Cloc))
        {
            Assert.Fail($"{Cloc} is missing: install Debian's cloc package (apt-get install -y cloc). These tests compare the scan with it and must not be skipped.");
        }

        using var json = JsonDocument.Parse(await RunAsync(root, "--quiet", "--skip-uniqueness", "--include-lang=C,C++,C/C++ Header,Rust", "--by-file", "--json", "."));
        var files = new Dictionary<string, (string, int, int, int)>(StringComparer.Ordinal);
        foreach (var entry in json.RootElement.EnumerateObject().Where(e => e.Name is not ("header" or "SUM")))
        {
            var path = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
            files[path] = (
                entry.Value.GetProperty("language").GetString()!,
                entry.Value.GetProperty("blank").GetInt32(),
                entry.Value.GetProperty("comment").GetInt32(),
                entry.Value.GetProperty("code").GetInt32());
        }

        using var totals = JsonDocument.Parse(await RunAsync(root, "--quiet", "--skip-uniqueness", "--include-lang=C,C++,C/C++ Header,Rust", "--json", "."));
        var languages = totals.RootElement.EnumerateObject()
            .Where(e => e.Name is not ("header" or "SUM"))
            .Select(e => new LanguageTotals(
                e.Name,
                e.Value.GetProperty("nFiles").GetInt32(),
                e.Value.GetProperty("blank").GetInt32(),
                e.Value.GetProperty("comment").GetInt32(),
                e.Value.GetProperty("code").GetInt32()))
            .ToList();
        return new ClocCounts(files, languages);
    }

    private static async Task<string> RunAsync(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo(Cloc)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"cloc {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }
}
