using System.Net;
using System.Text.Json;

namespace MigrationTracker.Web.Tests.Api;

/// <summary><c>/health/ready</c> as an orchestrator (anonymous) and as an administrator meet it.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class ReadinessTests(ApiFactory app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_anonymous_probe_learns_each_checks_status_and_nothing_of_what_it_found()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/ready", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        using var report = JsonDocument.Parse(text);
        report.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        var checks = report.RootElement.GetProperty("checks").EnumerateArray().ToList();
        checks.Select(c => (c.GetProperty("name").GetString(), c.GetProperty("status").GetString()))
            .ShouldBe([("database", "Healthy"), ("migrations", "Healthy"), ("jobs", "Healthy")], ignoreOrder: true);
        checks.ShouldAllBe(c => c.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "name", "status" }));
        text.ShouldNotContain("enqueued");
        text.ShouldNotContain("schema");
    }

    [Fact]
    public async Task An_administrator_sees_what_each_check_found()
    {
        using var client = await app.CreateSignedInClientAsync();

        using var response = await client.GetAsync("/health/ready", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        var found = report.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("description").GetString());
        found["migrations"].ShouldBe("The schema is current.");
        found["jobs"].ShouldNotBeNull().ShouldContain("enqueued");
    }
}
