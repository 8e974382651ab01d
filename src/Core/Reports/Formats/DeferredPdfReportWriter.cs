namespace MigrationTracker.Core.Reports.Formats;

/// <summary>
/// The PDF writer as the application registers it: the fonts are looked for on the first PDF, so a machine without
/// them still serves every other format, and the PDF request gets the message naming the missing font and package.
/// </summary>
public sealed class DeferredPdfReportWriter(string? fontFolder) : IReportWriter
{
    /// <summary>Setting naming a folder with LiberationSans-Regular.ttf and LiberationSans-Bold.ttf.</summary>
    public const string FontFolderKey = "Reports:FontFolder";

    private readonly Lazy<PdfReportWriter> writer = new(() => new PdfReportWriter(new ReportFonts(fontFolder)), LazyThreadSafetyMode.PublicationOnly);

    public ReportFormat Format => ReportFormat.Pdf;

    /// <exception cref="FileNotFoundException">The fonts are missing; the message says which file and how to install it.</exception>
    public void Write(WeeklyReport report, Stream output) => writer.Value.Write(report, output);
}
