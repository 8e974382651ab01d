using System.Diagnostics;
using System.Text.RegularExpressions;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Reports.Formats;
using MigrationTracker.Testing;
using SkiaSharp;
using UglyToad.PdfPig;

namespace MigrationTracker.Core.Tests.Reports.Pdf;

/// <summary>A report written as a PDF file, read back with poppler's command-line tools (real processes) and PdfPig.</summary>
internal sealed partial class RenderedPdf : IDisposable
{
    private readonly TemporaryDirectory _folder = new("mt-pdf");

    private RenderedPdf(byte[] bytes)
    {
        Bytes = bytes;
        Path = _folder.Combine("report.pdf");
        File.WriteAllBytes(Path, bytes);
    }

    public byte[] Bytes { get; }

    public string Path { get; }

    public static RenderedPdf Of(WeeklyReport report, PdfReportWriter? writer = null)
    {
        using var output = new MemoryStream();
        (writer ?? new PdfReportWriter()).Write(report, output);
        return new RenderedPdf(output.ToArray());
    }

    public PdfDocument Open() => PdfDocument.Open(Bytes);

    /// <summary><c>pdftotext -layout</c> of the given pages (all when null), as poppler lays it out.</summary>
    public string Layout(int? page = null) => Text("-layout", page);

    /// <summary>
    /// <c>pdftotext -raw</c> (content-stream order) with every run of white space made one space, so a cell
    /// wrapped over several lines reads as one phrase next to the cells of its row.
    /// </summary>
    public string Flat(int? page = null) => Spaces().Replace(Text("-raw", page), " ").Trim();

    /// <summary>Page <paramref name="page"/> as a PNG from <c>pdftoppm</c> at <paramref name="dpi"/>.</summary>
    public string RenderPage(int page, int dpi)
    {
        var prefix = _folder.Combine($"page-{dpi}");
        Run("pdftoppm", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", "-f", $"{page}", "-l", $"{page}", "-singlefile", Path, prefix);
        return prefix + ".png";
    }

    /// <summary>The share of pixels in a PNG that are not near-white.</summary>
    public static (int Width, int Height, double Inked) Ink(string png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException($"{png} is not an image SkiaSharp can read.");
        var inked = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 230 || c.Green < 230 || c.Blue < 230)
                {
                    inked++;
                }
            }
        }

        return (bitmap.Width, bitmap.Height, inked / (double)(bitmap.Width * bitmap.Height));
    }

    /// <summary>Keeps a copy of a file in the test output folder, to look at after the run.</summary>
    public static string KeepInOutput(string file, string name)
    {
        var folder = System.IO.Path.Combine(AppContext.BaseDirectory, "pdf-report");
        Directory.CreateDirectory(folder);
        var target = System.IO.Path.Combine(folder, name);
        File.Copy(file, target, overwrite: true);
        return target;
    }

    public void Dispose() => _folder.Dispose();

    private string Text(string mode, int? page)
    {
        var pages = page is { } p ? new[] { "-f", $"{p}", "-l", $"{p}" } : [];
        return Run("pdftotext", [mode, "-enc", "UTF-8", .. pages, Path, "-"]);
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
        }

        return output;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
