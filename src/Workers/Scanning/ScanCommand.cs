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
                WriteJson(report, output);
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

    /// <summary>
    /// Runs the whole pipeline once on a tiny tree held in memory, so that its code is compiled on a
    /// spare thread while the real tree is listed: a one-shot scan otherwise pays for it on the critical path.
    /// </summary>
    public static void WarmUp()
    {
        var report = ScanReportBuilder.Build(new WarmUpTree(), new ScanOptions { MaxDegreeOfParallelism = 1 }, commit: null);
        JsonSerializer.Serialize(Stream.Null, report, ScanJsonContext.Default.ScanReport);
        ScanTable.Write(report, TextWriter.Null);
    }

    private sealed class WarmUpTree : ISourceTree
    {
        private static readonly Dictionary<string, byte[]> Contents = new(StringComparer.Ordinal)
        {
            ["c/echo.vcxproj"] = """
                <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
                  <PropertyGroup><ConfigurationType>Driver</ConfigurationType><DriverType>KMDF</DriverType></PropertyGroup>
                  <ItemGroup><ClCompile Include="driver.c" /></ItemGroup>
                  <ItemDefinitionGroup><Link><AdditionalDependencies>wdmsec.lib</AdditionalDependencies></Link></ItemDefinitionGroup>
                </Project>
                """u8.ToArray(),
            ["c/echo.inx"] = """
                [Manufacturer]
                %M%=Standard,NT$ARCH$
                [Standard.NT$ARCH$]
                %D%=Install,Root\ECHO
                [Install.NT.Wdf]
                KmdfService=echo,wdf
                """u8.ToArray(),
            ["c/driver.c"] = """
                #include <ntddk.h>
                /* c */ ULONG g;
                int f(int a) { if (a && g) { goto out; } out: return (int)(PUCHAR)&a + 1; } // x
                """u8.ToArray(),
            ["rust/Cargo.toml"] = """
                [package]
                name = "echo"
                [package.metadata.wdk.driver-model]
                driver-type = "KMDF"
                [lib]
                crate-type = ["cdylib"]
                """u8.ToArray(),
            ["rust/echo.inx"] = """
                [Manufacturer]
                %M%=Standard,NT$ARCH$
                [Standard.NT$ARCH$]
                %D%=Install,Root\ECHO
                """u8.ToArray(),
            ["rust/src/lib.rs"] = """
                /// d
                fn f() { unsafe { let c = 'a'; let s = r#"x"#; } }
                #[cfg(test)]
                mod tests { }
                """u8.ToArray(),
        };

        public IReadOnlyList<SourceFile> Files { get; } = [.. Contents.Select(c => new SourceFile(c.Key, c.Value.Length))];

        public ReadOnlyMemory<byte> Read(SourceFile file) => Contents[file.Path];
    }

    /// <summary>Straight into the output stream as UTF-8 when there is one: the JSON of a large tree runs to megabytes.</summary>
    private static void WriteJson(ScanReport report, TextWriter output)
    {
        if (output is StreamWriter { BaseStream: { } stream } writer && writer.Encoding.CodePage == System.Text.Encoding.UTF8.CodePage)
        {
            writer.Flush();
            JsonSerializer.Serialize(stream, report, ScanJsonContext.Default.ScanReport);
            stream.WriteByte((byte)'\n');
            return;
        }

        output.WriteLine(JsonSerializer.Serialize(report, ScanJsonContext.Default.ScanReport));
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

/// <summary>The report's JSON shape, generated at build time (no reflection when the command starts).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScanReport))]
internal sealed partial class ScanJsonContext : JsonSerializerContext;

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
