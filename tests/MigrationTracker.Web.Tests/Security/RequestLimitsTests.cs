using System.Net;
using System.Text;
using System.Text.Json;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Reports;
using MigrationTracker.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>Request bodies: 1 MiB unless an endpoint says otherwise; a larger one is refused before anything reads it.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class RequestLimitsTests(ApiFactory app)
{
    private const string Commit = "3f2a9c1d5e7b8a0c4d6e8f1a2b3c4d5e6f7a8b9c";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_build_over_64_KiB_gets_413_with_a_problem_naming_the_limit_and_nothing_is_stored()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        using var client = app.CreateClientWithKey(await app.CreateKeyAsync());
        var body = $$"""{"repository":"{{repository.Location}}","commit":"{{Commit}}","status":"queued","name":"{{new string('x', 65 * 1024)}}"}""";

        using var response = await client.PostAsync("/api/builds", Json(body), Cancel);

        await ShouldBeTooLargeAsync(response, "64 KiB");
        (await app.BuildsAsync(repository.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_oversized_build_is_refused_before_the_key_is_even_looked_at()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/builds", Json(new string(' ', 65 * 1024)), Cancel);

        await ShouldBeTooLargeAsync(response, "64 KiB");
    }

    [Fact]
    public async Task A_body_over_1_MiB_to_an_endpoint_without_its_own_limit_gets_413_and_no_report_is_generated()
    {
        var week = new DateOnly(2023, 1, 30);
        using var client = app.CreateClient();

        using var response = await client.PostAsync($"/api/reports/{ReportWeek.IsoName(week)}", Json(new string(' ', (1024 * 1024) + 1)), Cancel);

        await ShouldBeTooLargeAsync(response, "1 MiB");
        using var scope = app.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<ReportStore>().FindAsync(week, WeeklyReport.OrganisationScope, Cancel)).ShouldBeNull();
    }

    [Fact]
    public async Task A_page_address_posted_a_body_over_1_MiB_gets_413_too()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/drivers", new ByteArrayContent(new byte[(1024 * 1024) + 1]), Cancel);

        await ShouldBeTooLargeAsync(response, "1 MiB");
    }

    [Fact]
    public async Task A_GitHub_delivery_of_2_MiB_is_still_accepted_under_the_webhooks_own_5_MiB_limit()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var payload = $$"""{"repository":{"full_name":"{{repository.Location}}"},"padding":"{{new string('x', 2 * 1024 * 1024)}}"}""";
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = Json(payload) };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", ApiFactory.Sign(payload));

        using var response = await client.SendAsync(request, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancel));
    }

    private static async Task ShouldBeTooLargeAsync(HttpResponseMessage response, string limit)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        problem.RootElement.GetProperty("title").GetString().ShouldBe("Request body too large");
        problem.RootElement.GetProperty("detail").GetString().ShouldBe($"The request body is larger than {limit}, the most this endpoint accepts. Send a smaller body.");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
