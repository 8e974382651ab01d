namespace MigrationTracker.Core.Reports;

public enum ReportFormat
{
    Xlsx = 0,
    Pdf = 1,
    Csv = 2,
    Markdown = 3,
}

/// <summary>Writes a report in one format. Every writer renders the same <see cref="WeeklyReport"/> model.</summary>
public interface IReportWriter
{
    ReportFormat Format { get; }

    void Write(WeeklyReport report, Stream output);
}

public static class ReportFormats
{
    public static readonly ReportFormat[] All = [ReportFormat.Xlsx, ReportFormat.Pdf, ReportFormat.Csv, ReportFormat.Markdown];

    public static string Extension(this ReportFormat format) => format switch
    {
        ReportFormat.Xlsx => "xlsx",
        ReportFormat.Pdf => "pdf",
        ReportFormat.Csv => "csv",
        ReportFormat.Markdown => "md",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static string ContentType(this ReportFormat format) => format switch
    {
        ReportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ReportFormat.Pdf => "application/pdf",
        ReportFormat.Csv => "text/csv; charset=utf-8",
        ReportFormat.Markdown => "text/markdown; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Reads <c>xlsx</c>, <c>pdf</c>, <c>csv</c>, <c>md</c> or <c>markdown</c>, any case.</summary>
    public static bool TryParse(string? text, out ReportFormat format)
    {
        format = default;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "xlsx": format = ReportFormat.Xlsx; return true;
            case "pdf": format = ReportFormat.Pdf; return true;
            case "csv": format = ReportFormat.Csv; return true;
            case "md" or "markdown": format = ReportFormat.Markdown; return true;
            default: return false;
        }
    }
}

/// <summary>Renders a report in any format with the registered writers.</summary>
public sealed class ReportRenderer(IEnumerable<IReportWriter> writers)
{
    private readonly Dictionary<ReportFormat, IReportWriter> byFormat = writers.ToDictionary(w => w.Format);

    public byte[] Render(WeeklyReport report, ReportFormat format)
    {
        using var buffer = new MemoryStream();
        Writer(format).Write(report, buffer);
        return buffer.ToArray();
    }

    public void Render(WeeklyReport report, ReportFormat format, Stream output) => Writer(format).Write(report, output);

    private IReportWriter Writer(ReportFormat format) =>
        byFormat.TryGetValue(format, out var writer) ? writer : throw new InvalidOperationException($"No writer is registered for {format}.");
}
