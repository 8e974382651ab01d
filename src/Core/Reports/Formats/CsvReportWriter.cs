using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace MigrationTracker.Core.Reports.Formats;

/// <summary>
/// Writes the report's drivers as CSV: a header row, then one row per driver, for spreadsheets and scripts.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Every row carries the report's <c>week</c> (ISO week), <c>week_start</c>, <c>scope</c> (empty for the whole
/// organisation) and <c>scope_name</c>, so a file stands alone once it is copied or concatenated with other weeks.</item>
/// <item>UTF-8 with a byte order mark: without it Excel reads the file in the machine's legacy code page and garbles
/// non-ASCII names; CsvHelper, pandas (<c>utf-8-sig</c>) and most other readers skip the mark.</item>
/// <item>Comma-separated, CRLF line ends, quoted only where needed (RFC 4180), invariant culture.</item>
/// <item>Numbers are unformatted: no thousands separators, a dot for decimals, as many digits as the value has.
/// Columns ending in <c>_share</c> (and their <c>_before</c> and <c>_change</c>) are fractions 0..1, not percentages:
/// 0.125 is 12.5%, and a share change of 0.025 is 2.5 percentage points. Readiness is a score 0..100.
/// <c>*_before</c> is the value at the end of the week before; <c>*_change</c> is now minus before.</item>
/// <item>Dates are <c>yyyy-MM-dd</c>; an empty field is a figure the report does not have.</item>
/// <item>Against formula injection, a text field that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it. Number and
/// date fields are never prefixed: a negative change stays <c>-12</c>.</item>
/// </list>
/// </remarks>
public sealed class CsvReportWriter : IReportWriter
{
    /// <summary>The header row, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "week", "week_start", "scope", "scope_name",
        "driver_id", "driver", "repository", "team", "language", "model", "stage", "rust_counterpart", "first_seen", "commit",
        "readiness", "readiness_before", "readiness_change", "band",
        "unsafe_share", "unsafe_share_before", "unsafe_share_change",
        "c_lines", "c_lines_before", "c_lines_change",
        "rust_lines", "rust_lines_before", "rust_lines_change",
        "build", "build_before",
    ];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // CsvHelper ends records with CRLF by default. Setting NewLine, even to that, would make it quote only fields holding
    // the whole CRLF, so a lone CR or LF in a name would split the record.
    private static readonly CsvConfiguration Configuration = new(Invariant)
    {
        // Injection is guarded below for text fields only; CsvHelper's own guard would also prefix negative numbers.
        InjectionOptions = InjectionOptions.None,
    };

    public ReportFormat Format => ReportFormat.Csv;

    public void Write(WeeklyReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);

        // The mark is written here rather than by the StreamWriter, which leaves it out when the stream is not at its start.
        output.Write(Encoding.UTF8.Preamble);
        using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        using var csv = new CsvWriter(text, Configuration);

        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        var week = report.IsoWeek;
        var weekStart = ReportText.Date(report.WeekStart);
        foreach (var d in report.Drivers)
        {
            csv.WriteField(week);
            csv.WriteField(weekStart);
            csv.WriteField(Text(report.Scope));
            csv.WriteField(Text(report.ScopeName));
            csv.WriteField(Number(d.Id));
            csv.WriteField(Text(d.Name));
            csv.WriteField(Text(d.Repository));
            csv.WriteField(Text(d.Team));
            csv.WriteField(Text(d.Language));
            csv.WriteField(Text(d.Model));
            csv.WriteField(Text(d.Stage));
            csv.WriteField(Text(d.Counterpart));
            csv.WriteField(ReportText.Date(d.FirstSeen));
            csv.WriteField(Text(d.CommitId));
            csv.WriteField(Number(d.Readiness));
            csv.WriteField(Number(d.ReadinessBefore));
            csv.WriteField(Number(d.ReadinessChange));
            csv.WriteField(Text(d.Band));
            csv.WriteField(Number(d.UnsafeShare));
            csv.WriteField(Number(d.UnsafeShareBefore));
            csv.WriteField(Number(d.UnsafeShareChange));
            csv.WriteField(Number(d.CCodeLines));
            csv.WriteField(Number(d.CCodeLinesBefore));
            csv.WriteField(Number(d.CCodeLinesChange));
            csv.WriteField(Number(d.RustCodeLines));
            csv.WriteField(Number(d.RustCodeLinesBefore));
            csv.WriteField(Number(d.RustCodeLinesChange));
            csv.WriteField(ReportText.Build(d.Build));
            csv.WriteField(ReportText.Build(d.BuildBefore));
            csv.NextRecord();
        }
    }

    /// <summary>
    /// The text as a field of any CSV the product writes (this report, the drivers export): control characters dropped, and a
    /// leading apostrophe where a spreadsheet would see a formula (= + - @, or a tab or carriage return before one).
    /// </summary>
    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        text = ReportText.Clean(text);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
    }

    // "R" keeps every digit the value has, so a reader gets back exactly the figure the report holds.
    private static string Number(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("R", Invariant) : string.Empty;

    private static string Number(long? value) => value?.ToString(Invariant) ?? string.Empty;
}
