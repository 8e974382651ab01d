using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Reports;

namespace MigrationTracker.Web.Tests.Api;

/// <summary><c>/api/reports</c> as a script or a chat bot meets it: generate a week, fetch it in each format, clear errors.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class ReportsApiTests(ApiFactory app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/reports/2026-W54", "Not a week")]
    [InlineData("/api/reports/yesterday", "Not a week")]
    [InlineData("/api/reports/2025-W10?format=docx", "Unknown format")]
    public async Task A_wrong_week_or_format_is_a_400_that_says_what_is_expected(string url, string title)
    {
        using var client = await app.CreateSignedInClientAsync();
        using var response = await client.GetAsync(url, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        problem.GetProperty("title").GetString().ShouldBe(title);
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_week_without_a_stored_report_is_a_404_that_says_how_to_generate_it()
    {
        using var client = await app.CreateSignedInClientAsync();
        using var response = await client.GetAsync("/api/reports/2024-W02?format=pdf", Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString()!;
        detail.ShouldContain("2024-W02");
        detail.ShouldContain("POST /api/reports/2024-W02");
    }

    [Fact]
    public async Task Generating_for_an_unknown_team_is_a_404_naming_the_team_and_stores_nothing()
    {
        using var client = await app.CreateSignedInScriptClientAsync();
        using var response = await client.PostAsync("/api/reports/2024-W03?team=no-such-team", null, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("'no-such-team'");
        await using var db = await app.Database.CreateDbContextAsync(Cancel);
        db.Reports.Count(r => r.WeekStart == new DateOnly(2024, 1, 15)).ShouldBe(0);
    }

    [Fact]
    public async Task A_generated_week_is_served_in_every_format_with_the_same_figures()
    {
        var slug = $"team-{Guid.NewGuid():N}"[..13];
        var team = await AddTeamWithDriverAsync(slug);
        using var client = await app.CreateSignedInScriptClientAsync();

        using (var created = await client.PostAsync($"/api/reports/2024-11-13?team={slug}", null, Cancel))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancel));
            created.Headers.Location!.ToString().ShouldBe($"/api/reports/2024-W46?team={slug}");
        }

        var model = await client.GetFromJsonAsync<WeeklyReport>($"/api/reports/2024-W46?team={slug}", ReportJson.Options, Cancel);
        model.ShouldNotBeNull();
        model.WeekStart.ShouldBe(new DateOnly(2024, 11, 11));
        model.ScopeName.ShouldBe(team.Name);
        model.Drivers.Single().Name.ShouldBe("usbhub");
        model.Drivers.Single().CCodeLines.ShouldBe(1234);

        using (var csv = await client.GetAsync($"/api/reports/2024-W46?format=csv&team={slug}", Cancel))
        {
            csv.StatusCode.ShouldBe(HttpStatusCode.OK);
            csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            csv.Content.Headers.ContentDisposition!.FileName.ShouldBe($"migration-report-2024-W46-{slug}.csv");
            using var reader = new CsvReader(new StreamReader(await csv.Content.ReadAsStreamAsync(Cancel)), CultureInfo.InvariantCulture);
            var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
            rows.Count.ShouldBe(1);
            rows[0].Values.ShouldContain("usbhub");
            rows[0].Values.ShouldContain("1234");
        }

        using (var xlsx = await client.GetAsync($"/api/reports/2024-W46?format=xlsx&team={slug}", Cancel))
        {
            xlsx.Content.Headers.ContentType!.MediaType.ShouldBe(ReportFormat.Xlsx.ContentType());
            using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Cancel));
            using var document = SpreadsheetDocument.Open(stream, false);
            document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).Take(4)
                .ShouldBe(["Summary", "Drivers", "Teams", "Regressions"]);
        }

        using (var pdf = await client.GetAsync($"/api/reports/2024-W46?format=pdf&team={slug}", Cancel))
        {
            pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
            (await pdf.Content.ReadAsByteArrayAsync(Cancel))[..5].ShouldBe("%PDF-"u8.ToArray());
        }

        var markdown = await client.GetStringAsync($"/api/reports/2024-W46?format=md&team={slug}", Cancel);
        markdown.ShouldContain(team.Name);
        markdown.ShouldContain("2024-W46");

        // "latest" for the team is that week; the list names it.
        var latest = await client.GetFromJsonAsync<WeeklyReport>($"/api/reports/latest?team={slug}", ReportJson.Options, Cancel);
        latest!.WeekStart.ShouldBe(model.WeekStart);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/reports", Cancel);
        list.EnumerateArray().ShouldContain(r => r.GetProperty("scope").GetString() == slug && r.GetProperty("isoWeek").GetString() == "2024-W46");
    }

    [Fact]
    public async Task Generating_a_finished_week_twice_keeps_the_first_report_unless_asked_to_regenerate()
    {
        var slug = $"team-{Guid.NewGuid():N}"[..13];
        await AddTeamWithDriverAsync(slug);
        using var client = await app.CreateSignedInScriptClientAsync();

        (await client.PostAsync($"/api/reports/2024-W47?team={slug}", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var first = await StoredAsync(slug);
        (await client.PostAsync($"/api/reports/2024-W47?team={slug}", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await StoredAsync(slug)).GeneratedAt.ShouldBe(first.GeneratedAt);

        (await client.PostAsync($"/api/reports/2024-W47?team={slug}&regenerate=true", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = await StoredAsync(slug);
        again.Id.ShouldBe(first.Id);
        again.GeneratedAt.ShouldBeGreaterThan(first.GeneratedAt);
    }

    private async Task<StoredReport> StoredAsync(string slug)
    {
        await using var db = await app.Database.CreateDbContextAsync(Cancel);
        return db.Reports.Single(r => r.Scope == slug);
    }

    private async Task<Team> AddTeamWithDriverAsync(string slug)
    {
        await using var db = await app.Database.CreateDbContextAsync(Cancel);
        var team = new Team { Name = $"USB {slug}", Slug = slug };
        var repository = new Repository { Name = $"repo-{slug}", Kind = RepositoryKind.LocalPath, Location = $"/src/{slug}", CreatedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), Team = team };
        var driver = new Driver { ProjectPath = "usb/usbhub.vcxproj", Name = "usbhub", Team = team, FirstSeenAt = new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc) };
        driver.Snapshots.Add(new Snapshot
        {
            CommitId = new string('a', 40), CommitTime = new DateTime(2024, 11, 12, 9, 0, 0, DateTimeKind.Utc), CCodeLines = 1234,
            ReadinessScore = 61.5, ReadinessBand = ReadinessBand.NeedsWork, MetricsJson = "{}",
        });
        repository.Drivers.Add(driver);
        db.Repositories.Add(repository);
        await db.SaveChangesAsync(Cancel);
        return team;
    }
}
