using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Reports.Formats;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Reports.Pdf;

public sealed class ReportFontsTests
{
    private const string Debian = "/usr/share/fonts/truetype/liberation";

    [Fact]
    public void Without_a_folder_the_fonts_are_found_where_Debian_installs_them()
    {
        new ReportFonts().Folder.ShouldBe(Debian);
    }

    [Fact]
    public void A_folder_without_the_fonts_is_refused_naming_the_file_the_folder_and_the_Debian_package()
    {
        using var empty = new TemporaryDirectory();

        var error = Should.Throw<FileNotFoundException>(() => new ReportFonts(empty.Path));

        error.Message.ShouldContain("LiberationSans-Regular.ttf", Case.Sensitive);
        error.Message.ShouldContain(empty.Path, Case.Sensitive);
        error.Message.ShouldContain("fonts-liberation", Case.Sensitive);
        error.FileName.ShouldBe(Path.Combine(empty.Path, "LiberationSans-Regular.ttf"));
    }

    [Fact]
    public void A_folder_missing_only_the_bold_face_is_refused_naming_the_bold_file()
    {
        using var folder = new TemporaryDirectory();
        File.Copy(Path.Combine(Debian, ReportFonts.RegularFile), folder.Combine(ReportFonts.RegularFile));

        var error = Should.Throw<FileNotFoundException>(() => new PdfReportWriter(new ReportFonts(folder.Path)));

        error.Message.ShouldContain("LiberationSans-Bold.ttf", Case.Sensitive);
        error.Message.ShouldContain("apt-get install fonts-liberation", Case.Sensitive);
    }

    [Fact]
    public void Writers_with_fonts_from_different_folders_render_at_the_same_time()
    {
        using var copy = new TemporaryDirectory();
        File.Copy(Path.Combine(Debian, ReportFonts.RegularFile), copy.Combine(ReportFonts.RegularFile));
        File.Copy(Path.Combine(Debian, ReportFonts.BoldFile), copy.Combine(ReportFonts.BoldFile));
        var report = SampleReports.Small();
        var writers = new[] { new PdfReportWriter(), new PdfReportWriter(new ReportFonts(copy.Path)) };

        var texts = new string[6];
        Parallel.For(0, texts.Length, i =>
        {
            using var pdf = RenderedPdf.Of(report, writers[i % 2]);
            texts[i] = pdf.Flat(page: 1);
        });

        texts.ShouldAllBe(text => text.StartsWith(ReportText.Title(report), StringComparison.Ordinal));
    }
}
