using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MigrationTracker.Core;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Storage;

namespace MigrationTracker.Web.Commands;

/// <summary>
/// <c>report [--week 2026-W47] [--team SLUG] [--format xlsx|pdf|csv|md|all] [--out DIR] [--regenerate]</c> on the web
/// executable: generates and stores a weekly report (the last finished week by default) and writes it in the chosen
/// formats, printing how long each step took. Exit codes: 0 done, 1 a wrong week, team or format, 2 wrong settings.
/// </summary>
internal static class ReportCommand
{
    public const string Name = "report";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var week = new Option<string?>("--week") { Description = "ISO week (2026-W47) or a date in it; by default the last week that is over." };
        var team = new Option<string?>("--team") { Description = "Team slug; the whole organisation when left out; '*' for the organisation and every team, as the weekly job does." };
        var format = new Option<string>("--format") { Description = "xlsx, pdf, csv, md, or all.", DefaultValueFactory = _ => "all" };
        var outDir = new Option<string>("--out") { Description = "Folder the files are written to.", DefaultValueFactory = _ => "." };
        var regenerate = new Option<bool>("--regenerate") { Description = "Build the report again even when one is stored for that week." };
        var root = new RootCommand("Generates, stores and writes a weekly report.") { week, team, format, outDir, regenerate };

        root.SetAction(async (parse, cancellationToken) =>
        {
            var formatText = parse.GetValue(format)!;
            ReportFormat[] formats;
            if (string.Equals(formatText, "all", StringComparison.OrdinalIgnoreCase))
            {
                formats = ReportFormats.All;
            }
            else if (ReportFormats.TryParse(formatText, out var one))
            {
                formats = [one];
            }
            else
            {
                await error.WriteLineAsync($"report: '{formatText}' is not a format; use xlsx, pdf, csv, md or all.");
                return 1;
            }

            try
            {
                await using var app = await CommandHost.StartAsync(parse.UnmatchedTokens, cancellationToken);

                var clock = app.Services.GetRequiredService<TimeProvider>();
                DateOnly weekStart;
                if (parse.GetValue(week) is not { } weekText)
                {
                    weekStart = ReportWeek.LastCompleted(clock.GetUtcNow().UtcDateTime);
                }
                else if (!ReportWeek.TryParse(weekText, out weekStart))
                {
                    await error.WriteLineAsync($"report: '{weekText}' is not a week; use an ISO week such as 2026-W47 or a date such as 2026-11-18.");
                    return 1;
                }

                var store = app.Services.GetRequiredService<ReportStore>();
                var renderer = app.Services.GetRequiredService<ReportRenderer>();
                var watch = Stopwatch.StartNew();
                var scope = parse.GetValue(team)?.Trim() ?? WeeklyReport.OrganisationScope;
                var stored = scope == "*"
                    ? await store.GenerateAllAsync(weekStart, "command line", parse.GetValue(regenerate), cancellationToken)
                    : [await store.GenerateAsync(weekStart, scope, "command line", parse.GetValue(regenerate), cancellationToken)];
                await output.WriteLineAsync(Invariant($"{stored.Count} report(s) for {ReportWeek.IsoName(weekStart)} built and stored in {watch.Elapsed.TotalSeconds:F2} s."));

                var folder = Directory.CreateDirectory(parse.GetValue(outDir)!);
                foreach (var report in stored)
                {
                    var model = ReportStore.Model(report);
                    await output.WriteLineAsync(Invariant($"{model.ScopeName}: {model.Drivers.Count} drivers, {model.Teams.Count} teams"));
                    foreach (var reportFormat in formats)
                    {
                        watch.Restart();
                        var path = Path.Combine(folder.FullName, model.FileName(reportFormat.Extension()));
                        await using (var file = File.Create(path))
                        {
                            renderer.Render(model, reportFormat, file);
                        }

                        await output.WriteLineAsync(Invariant($"  {reportFormat,-8} {new FileInfo(path).Length,10:N0} bytes in {watch.Elapsed.TotalSeconds:F2} s  {path}"));
                    }
                }

                return 0;
            }
            catch (UnknownScopeException ex)
            {
                await error.WriteLineAsync($"report: {ex.Message}");
                return 1;
            }
            catch (ArgumentOutOfRangeException ex) when (ex.ParamName == "weekStart")
            {
                await error.WriteLineAsync("report: that week has not started yet.");
                return 1;
            }
            catch (ConfigurationErrorException ex)
            {
                await error.WriteLineAsync($"report: MigrationTracker cannot open its database: {ex.Message}");
                return 2;
            }
        });

        root.TreatUnmatchedTokensAsErrors = false;
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
