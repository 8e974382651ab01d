using System.Net;
using System.Xml.Linq;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MigrationTracker.Web.Tests.Api;

/// <summary><c>GET /badge/{id}.svg</c> as a README embedding it meets it.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class BadgeTests(ApiFactory app)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Badges_are_off_unless_enabled_and_then_answer_404_like_any_unknown_address()
    {
        var id = await AddDriverAsync("usbhub", DriverLanguage.C, MigrationStage.InProgress, Snapshot(72.46, ReadinessBand.NeedsWork, null));
        using var client = app.CreateClient();

        using var badge = await client.GetAsync($"/badge/{id}.svg", Cancel);
        using var nothing = await client.GetAsync("/badge/999999.svg", Cancel);

        // Anonymous callers learn nothing: a real driver's badge while badges are off reads like a driver that does not exist.
        badge.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        nothing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        badge.Content.Headers.ContentType?.ToString().ShouldBe(nothing.Content.Headers.ContentType?.ToString());
        (await badge.Content.ReadAsStringAsync(Cancel)).ShouldBe(await nothing.Content.ReadAsStringAsync(Cancel));
        (await badge.Content.ReadAsStringAsync(Cancel)).ShouldNotContain("usbhub");
    }

    [Fact]
    public async Task A_C_driver_shows_its_stage_and_its_newest_readiness_to_one_decimal()
    {
        var id = await AddDriverAsync(
            "usbhub",
            DriverLanguage.C,
            MigrationStage.InProgress,
            Snapshot(40, ReadinessBand.Blocked, null, daysAgo: 30),
            Snapshot(72.46, ReadinessBand.NeedsWork, null, daysAgo: 1));
        await using var badges = Enabled();
        using var client = badges.CreateClient();

        using var response = await client.GetAsync($"/badge/{id}.svg", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("image/svg+xml; charset=utf-8");
        response.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromMinutes(5));
        response.Headers.Contains("Content-Security-Policy").ShouldBeTrue();
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        svg.Root!.Name.ShouldBe(Svg + "svg");
        Title(svg).ShouldBe("usbhub: In progress · readiness 72.5");
        Texts(svg).ShouldContain("In progress · readiness 72.5");
    }

    [Fact]
    public async Task A_Rust_driver_shows_its_unsafe_share_as_a_percentage()
    {
        var id = await AddDriverAsync("usbhub-rs", DriverLanguage.Rust, MigrationStage.Migrated, Snapshot(null, ReadinessBand.None, 0.125));
        await using var badges = Enabled();
        using var client = badges.CreateClient();

        var svg = await BadgeAsync(client, $"/badge/{id}.svg");

        Title(svg).ShouldBe("usbhub-rs: Migrated · 12.5 % unsafe");
    }

    [Theory]
    [InlineData("stage", "In progress")]
    [InlineData("readiness", "readiness 80.0")]
    [InlineData("unsafe", "unsafe n/a")]
    [InlineData("STAGE", "In progress")]
    public async Task The_metric_parameter_picks_one_figure(string metric, string message)
    {
        var id = await AddDriverAsync("serial", DriverLanguage.Cpp, MigrationStage.InProgress, Snapshot(80, ReadinessBand.Ready, null));
        await using var badges = Enabled();
        using var client = badges.CreateClient();

        var svg = await BadgeAsync(client, $"/badge/{id}.svg?metric={metric}");

        Title(svg).ShouldBe($"serial: {message}");
    }

    [Fact]
    public async Task An_unknown_metric_gets_400_naming_the_known_ones()
    {
        var id = await AddDriverAsync("serial", DriverLanguage.C, MigrationStage.Planned);
        await using var badges = Enabled();
        using var client = badges.CreateClient();

        using var response = await client.GetAsync($"/badge/{id}.svg?metric=coverage", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("use stage, readiness or unsafe");
    }

    [Fact]
    public async Task A_driver_never_scanned_shows_its_stage_and_that_it_is_not_scored()
    {
        var id = await AddDriverAsync("serial", DriverLanguage.C, MigrationStage.Planned);
        await using var badges = Enabled();
        using var client = badges.CreateClient();

        Title(await BadgeAsync(client, $"/badge/{id}.svg")).ShouldBe("serial: Planned · not scored");
    }

    [Fact]
    public async Task A_driver_name_with_markup_is_text_in_the_badge_and_nothing_more()
    {
        const string Name = "<script>alert(1)</script>&\"'";
        var id = await AddDriverAsync(Name, DriverLanguage.C, MigrationStage.NotStarted, Snapshot(10, ReadinessBand.Blocked, null));
        await using var badges = Enabled();
        using var client = badges.CreateClient();

        using var response = await client.GetAsync($"/badge/{id}.svg", Cancel);

        var body = await response.Content.ReadAsStringAsync(Cancel);
        body.ShouldNotContain("<script");
        var svg = XDocument.Parse(body);
        svg.Descendants().ShouldAllBe(e => e.Name.NamespaceName == Svg.NamespaceName && e.Name.LocalName != "script");
        svg.Descendants().Attributes().ShouldNotContain(a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        Title(svg).ShouldStartWith("<script>alert(1)</script>&\"'");
    }

    [Fact]
    public async Task A_driver_name_with_characters_XML_cannot_hold_still_gives_a_valid_badge()
    {
        var id = await AddDriverAsync("bad\u0001name\uD800" + new string('x', 300), DriverLanguage.C, MigrationStage.NotStarted);
        await using var badges = Enabled();
        using var client = badges.CreateClient();

        var title = Title(await BadgeAsync(client, $"/badge/{id}.svg"));

        title.ShouldStartWith("bad\uFFFDname\uFFFD");
        title.Length.ShouldBeLessThan(80, "a long name is cut");
    }

    [Fact]
    public async Task Ids_that_are_not_a_driver_get_404_never_an_error()
    {
        await using var badges = Enabled();
        using var client = badges.CreateClient();

        foreach (var id in new[] { "999999", "0", "-1", "+1", "1.0", "1e3", "abc", "..%2F1", "..%5C1", "%2E%2E", "\uFF11", "99999999999999999999", new string('9', 5000) })
        {
            using var response = await client.GetAsync($"/badge/{id}.svg", Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"/badge/{id}.svg");
        }
    }

    private WebApplicationFactory<Program> Enabled() => app.WithWebHostBuilder(builder => builder.UseSetting("Badges:Enabled", "true"));

    private async Task<int> AddDriverAsync(string name, DriverLanguage language, MigrationStage stage, params Snapshot[] snapshots)
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}", $"drivers/{Guid.NewGuid():N}/driver.vcxproj");
        await using var context = await app.Database.CreateDbContextAsync(Cancel);
        var driver = context.Drivers.Single(d => d.RepositoryId == repository.Id);
        driver.Name = name;
        driver.Language = language;
        driver.Stage = stage;
        foreach (var snapshot in snapshots)
        {
            snapshot.DriverId = driver.Id;
            context.Snapshots.Add(snapshot);
        }

        await context.SaveChangesAsync(Cancel);
        return driver.Id;
    }

    private static Snapshot Snapshot(double? readiness, ReadinessBand band, double? unsafeShare, int daysAgo = 1) => new()
    {
        CommitId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000",
        CommitTime = DateTime.UtcNow.AddDays(-daysAgo),
        AnalyzedAt = DateTime.UtcNow,
        ReadinessScore = readiness,
        ReadinessBand = band,
        UnsafeShare = unsafeShare,
        MetricsJson = "{}",
    };

    private static async Task<XDocument> BadgeAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return XDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
    }

    private static string Title(XDocument svg) => svg.Root!.Element(Svg + "title")!.Value;

    private static List<string> Texts(XDocument svg) => [.. svg.Descendants(Svg + "text").Select(t => t.Value)];
}
