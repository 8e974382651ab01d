using MigrationTracker.Core.Reports;

namespace MigrationTracker.Core.Tests.Reports;

public sealed class ReportWeekTests
{
    private static readonly DateOnly W47 = new(2026, 11, 16);

    [Theory]
    [InlineData("2026-W47", "2026-11-16")]
    [InlineData("2026-w47", "2026-11-16")]
    [InlineData(" 2026-W47", "2026-11-16")]
    [InlineData("2026-11-18", "2026-11-16")]
    [InlineData("2026-11-16", "2026-11-16")]
    [InlineData("2026-11-22", "2026-11-16")]
    [InlineData("2026-W01", "2025-12-29")]
    [InlineData("2026-W53", "2026-12-28")]
    [InlineData("2027-01-01", "2026-12-28")]
    public void A_week_is_read_as_an_ISO_week_or_a_date_inside_it(string text, string monday)
    {
        ReportWeek.TryParse(text, out var weekStart).ShouldBeTrue();

        weekStart.ShouldBe(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture));
        weekStart.DayOfWeek.ShouldBe(DayOfWeek.Monday);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2026-W54")]
    [InlineData("2026-W00")]
    [InlineData("2027-W53")]
    [InlineData("2026-W+4")]
    [InlineData("2026-W-1")]
    [InlineData("2026-W")]
    [InlineData("W47")]
    [InlineData("1999-W10")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("18.11.2026")]
    [InlineData("../x")]
    [InlineData("..\\..\\x")]
    [InlineData("2026-11-18T")]
    [InlineData("2026-W47/../../etc/passwd")]
    [InlineData("2026-W47   x")]
    public void Anything_else_is_not_a_week(string? text)
    {
        ReportWeek.TryParse(text, out var weekStart).ShouldBeFalse();

        weekStart.ShouldBe(default);
    }

    [Fact]
    public void A_report_file_is_named_for_its_week_and_scope()
    {
        ReportWeek.FileName(W47, "", "pdf").ShouldBe("migration-report-2026-W47-organisation.pdf");
        ReportWeek.FileName(W47, "storage", "xlsx").ShouldBe("migration-report-2026-W47-storage.xlsx");
        ReportWeek.FileName(W47, "Storage Team", ".csv").ShouldBe("migration-report-2026-W47-storage-team.csv");
    }

    [Theory]
    [InlineData("../../etc/passwd", "md")]
    [InlineData("..", "pdf")]
    [InlineData("a/../../b", "../pdf")]
    [InlineData("C:\\Windows\\system32", "pdf")]
    [InlineData("team \"quoted\" 'single'", "csv\"")]
    [InlineData("team\r\nContent-Disposition: inline", "pdf")]
    [InlineData("Ünïcødé Téam", "xlsx")]
    [InlineData("--", "pdf")]
    [InlineData("%2e%2e%2fetc", "pdf")]
    [InlineData("tab\there", "p d f")]
    public void A_file_name_never_leaves_its_folder_whatever_the_scope(string scope, string extension)
    {
        var name = ReportWeek.FileName(W47, scope, extension);

        name.ShouldStartWith("migration-report-2026-W47-");
        name.ShouldNotContain("/");
        name.ShouldNotContain("\\");
        name.ShouldNotContain("..");
        name.ShouldNotContain(" ");
        name.ShouldNotContain("\"");
        name.ShouldNotContain("'");
        name.ShouldNotContain(":");
        name.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.');
        name.Count(c => c == '.').ShouldBe(1);
    }

    [Theory]
    [InlineData("/etc/passwd", "pdf")]
    [InlineData("..\\..\\Windows\\System32", "pdf")]
    [InlineData("\\\\server\\share\\x", "pdf")]
    [InlineData("C:", "pdf")]
    [InlineData("team\0../../etc", "pdf\0.sh")]
    [InlineData("\uFF0E\uFF0E\uFF0F\uFF0E\uFF0E\uFF0Fetc", "pdf")]
    [InlineData("\u2024\u2024\u2215\u2024\u2024\u2215etc", "pdf")]
    [InlineData("\u2025\u29F8etc", "\uFF0Epdf")]
    [InlineData("\u212Aelvin \u0130stanbul", "pdf")]
    [InlineData("storage", "../../../../tmp/x")]
    [InlineData("storage", "/etc/passwd")]
    public void A_file_name_joined_to_a_folder_stays_in_that_folder(string scope, string extension)
    {
        var folder = Path.Combine(Path.GetTempPath(), "reports");

        var name = ReportWeek.FileName(W47, scope, extension);
        var path = Path.GetFullPath(Path.Combine(folder, name));

        Path.GetDirectoryName(path).ShouldBe(folder);
        Path.GetFileName(path).ShouldBe(name);
        name.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.');
    }

    [Fact]
    public void A_file_name_is_never_longer_than_a_file_system_allows()
    {
        ReportWeek.FileName(W47, new string('x', 10_000), "pdf").Length.ShouldBeLessThan(255);
    }

    [Fact]
    public void Teams_whose_slugs_differ_only_near_the_end_get_different_file_names()
    {
        // Team slugs are unique and up to 100 characters; a clash gets "-2" after the first 90.
        var slug = new string('n', 90);

        ReportWeek.FileName(W47, slug + "-2", "pdf").ShouldNotBe(ReportWeek.FileName(W47, slug, "pdf"));
    }
}
