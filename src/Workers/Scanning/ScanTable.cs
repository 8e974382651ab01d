using System.Globalization;
using MigrationTracker.Core.Analysis.Scanning;

namespace MigrationTracker.Workers.Scanning;

/// <summary>The scan report as plain-text tables: languages as cloc prints them, then the drivers.</summary>
internal static class ScanTable
{
    public static void Write(ScanReport report, TextWriter output)
    {
        var rule = new string('-', 79);
        if (report.Commit is not null)
        {
            output.WriteLine($"Commit {report.Commit}");
        }

        output.WriteLine(rule);
        output.WriteLine(Row("Language", "files", "blank", "comment", "code"));
        output.WriteLine(rule);
        foreach (var language in report.Languages)
        {
            output.WriteLine(Row(language.Language, N(language.Files), N(language.Blank), N(language.Comment), N(language.Code)));
        }

        output.WriteLine(rule);
        output.WriteLine(Row("SUM:", N(report.Languages.Sum(l => l.Files)), N(report.Languages.Sum(l => l.Blank)), N(report.Languages.Sum(l => l.Comment)), N(report.Languages.Sum(l => l.Code))));
        output.WriteLine(rule);
        output.WriteLine();

        output.WriteLine($"{report.Drivers.Count} driver(s)");
        if (report.Drivers.Count > 0)
        {
            output.WriteLine($"{"Driver",-28} {"Lang",-5} {"Model",-12} {"Framework",-20} {"Code",8}  {"Readiness / unsafe",-22} Counterpart");
            foreach (var driver in report.Drivers.OrderBy(d => d.Path, StringComparer.Ordinal))
            {
                var measure = driver.Readiness is { } readiness
                    ? string.Create(CultureInfo.InvariantCulture, $"{readiness.DisplayScore,5:0.0} {readiness.Band}")
                    : driver.Unsafe is { Share: { } share } ? string.Create(CultureInfo.InvariantCulture, $"{share,6:P1} unsafe") : "-";
                output.WriteLine($"{Cut(driver.Name, 28),-28} {driver.Language,-5} {driver.Model,-12} {driver.Framework,-20} {N(driver.Code.Total),8}  {measure,-22} {driver.SuggestedCounterpart ?? ""}");
            }
        }

        if (report.Skipped.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"{report.Skipped.Count} file(s) skipped:");
            foreach (var skip in report.Skipped)
            {
                output.WriteLine($"  {skip.Path}: {skip.Reason}");
            }
        }

        if (report.Problems.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"{report.Problems.Count} problem(s):");
            foreach (var problem in report.Problems)
            {
                output.WriteLine($"  {problem.Path}: {problem.Message}");
            }
        }
    }

    private static string Row(string language, string files, string blank, string comment, string code) =>
        $"{language,-28}{files,12}{blank,13}{comment,13}{code,13}";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Cut(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");
}
