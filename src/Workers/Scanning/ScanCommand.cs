using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Workers.Sources;

namespace MigrationTracker.Workers.Scanning;

/// <summary>
/// <c>scan PATH [--commit REV] [--format table|json] [--max-unsafe-share X] [--min-readiness Y]</c>:
/// analyses a folder or a git commit and prints what the dashboard would show. Exit codes:
/// 0 all well, 1 bad input, 3 a driver misses a bar set by an option.
/// </summary>
public static class ScanCommand
{
    public const string Name = "scan";

    public const int BarMissedExitCode = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("path") { Description = "A folder, or a git repository (bare or not) when --commit is given." };
        var commit = new Option<string?>("--commit") { Description = "Scan this commit (branch, tag or id) of the git repository at PATH, read without a checkout." };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var maxUnsafe = new Option<double?>("--max-unsafe-share") { Description = "Exit with code 3 when a Rust driver's unsafe share (0 to 1) is above this." };
        var minReadiness = new Option<double?>("--min-readiness") { Description = "Exit with code 3 when a C/C++ driver's readiness score (0 to 100) is below this." };
        var maxFileBytes = new Option<long>("--max-file-bytes") { Description = "Skip files larger than this many bytes.", DefaultValueFactory = _ => new ScanOptions().MaxFileBytes };

        var command = new RootCommand("Analyses the drivers in a source tree: code lines per language, constructs, readiness and unsafe share.")
        {
            path, commit, format, maxUnsafe, minReadiness, maxFileBytes,
        };
        command.SetAction(parse =>
        {
            var options = new ScanOptions { MaxFileBytes = parse.GetValue(maxFileBytes) };
            var bars = new ScanBars(parse.GetValue(maxUnsafe), parse.GetValue(minReadiness));
            ScanReport report;
            try
            {
                report = Scan(parse.GetValue(path)!, parse.GetValue(commit), options);
            }
            catch (ScanInputException ex)
            {
                error.WriteLine($"scan: {ex.Message}");
                return 1;
            }

            if (parse.GetValue(format) == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(report, Json));
            }
            else
            {
                ScanTable.Write(report, output);
            }

            var misses = bars.Misses(report);
            foreach (var miss in misses)
            {
                error.WriteLine(miss);
            }

            return misses.Count > 0 ? BarMissedExitCode : 0;
        });

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return command.Parse(args).InvokeAsync(configuration);
    }

    public static ScanReport Scan(string path, string? commit, ScanOptions options)
    {
        var full = Path.GetFullPath(path);
        if (commit is null)
        {
            if (!Directory.Exists(full))
            {
                throw new ScanInputException($"{path} is not a folder. Give a folder to scan, or a git repository with --commit REV.");
            }

            return ScanReportBuilder.Build(new FolderSourceTree(full), options, commit: null);
        }

        GitSourceTree tree;
        try
        {
            tree = new GitSourceTree(full, commit);
        }
        catch (LibGit2Sharp.RepositoryNotFoundException)
        {
            throw new ScanInputException($"{path} is not a git repository. Give the path of a repository (bare or with a working tree), or leave out --commit to scan a folder.");
        }
        catch (SourceUnavailableException ex)
        {
            throw new ScanInputException(ex.Message);
        }

        using (tree)
        {
            return ScanReportBuilder.Build(tree, options, tree.Commit);
        }
    }
}

/// <summary>Bad input to the scan command, said in words the user can act on.</summary>
public sealed class ScanInputException(string message) : Exception(message);

/// <summary>The bars a driver team can gate its CI on.</summary>
internal sealed record ScanBars(double? MaxUnsafeShare, double? MinReadiness)
{
    public List<string> Misses(ScanReport report)
    {
        var misses = new List<string>();
        foreach (var driver in report.Drivers)
        {
            if (MaxUnsafeShare is { } max && driver.Unsafe is { Share: { } share } && share > max)
            {
                misses.Add(string.Create(CultureInfo.InvariantCulture, $"{driver.Name} ({driver.Path}): unsafe share {share:P1} is above the bar of {max:P1}."));
            }

            if (MinReadiness is { } min && driver.Readiness is { } readiness && readiness.Score < min)
            {
                misses.Add(string.Create(CultureInfo.InvariantCulture, $"{driver.Name} ({driver.Path}): readiness {readiness.Score:0.0} is below the bar of {min:0.0}."));
            }
        }

        return misses;
    }
}
