using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Web.Tests.Api;

/// <summary><c>POST /api/builds</c> as a CI system meets it.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class BuildsApiTests(ApiFactory app)
{
    private const string Commit = "3f2a9c1d5e7b8a0c4d6e8f1a2b3c4d5e6f7a8b9c";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_from_the_store_posts_a_build_that_is_stored_with_source_Api()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}", "drivers/usb/usb.vcxproj");
        using var client = app.CreateClientWithKey(await app.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/api/builds", new
        {
            repository = repository.Location.ToUpperInvariant(),
            commit = Commit,
            driver = "usb",
            status = "succeeded",
            url = "https://ci.example.com/builds/17",
            startedAt = "2025-03-01T10:00:00Z",
            completedAt = "2025-03-01T10:05:00Z",
            warnings = 12,
            buildId = "17",
        }, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        body.GetProperty("status").GetString().ShouldBe("succeeded");
        body.GetProperty("driver").GetString().ShouldBe("usb");
        body.GetProperty("warnings").GetInt32().ShouldBe(12);

        var stored = (await app.BuildsAsync(repository.Id)).ShouldHaveSingleItem();
        stored.Source.ShouldBe(BuildSource.Api);
        stored.ExternalId.ShouldBe("17");
        stored.CommitId.ShouldBe(Commit);
        stored.Status.ShouldBe(BuildStatus.Succeeded);
        stored.DriverId.ShouldNotBeNull();
        stored.WarningCount.ShouldBe(12);
        stored.CompletedAt.ShouldBe(new DateTime(2025, 3, 1, 10, 5, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Posting_the_same_build_id_again_updates_the_row_and_answers_200()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitRemote, $"https://git.example.com/{Guid.NewGuid():N}.git");
        using var client = CreateClient(await app.CreateKeyAsync());

        using var first = await client.PostAsJsonAsync("/api/builds", new { repository = repository.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), commit = Commit, status = "running", buildId = "run-1", startedAt = "2025-03-01T10:00:00Z" }, Cancel);
        using var second = await client.PostAsJsonAsync("/api/builds", new { repository = repository.Location, commit = Commit, status = "failed", buildId = "run-1", completedAt = "2025-03-01T10:07:00Z", warnings = 3 }, Cancel);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        second.StatusCode.ShouldBe(HttpStatusCode.OK, await second.Content.ReadAsStringAsync(Cancel));
        var stored = (await app.BuildsAsync(repository.Id)).ShouldHaveSingleItem();
        stored.Status.ShouldBe(BuildStatus.Failed);
        stored.StartedAt.ShouldBe(new DateTime(2025, 3, 1, 10, 0, 0, DateTimeKind.Utc));
        stored.CompletedAt.ShouldBe(new DateTime(2025, 3, 1, 10, 7, 0, DateTimeKind.Utc));
        stored.WarningCount.ShouldBe(3);
    }

    [Fact]
    public async Task An_update_that_ends_the_build_before_its_stored_start_gets_400_and_changes_nothing()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        using var client = CreateClient(await app.CreateKeyAsync());
        (await PostAsync(client, new { repository = repository.Location, commit = Commit, status = "running", buildId = "9", startedAt = "2025-03-01T10:00:00Z" })).ShouldBe(HttpStatusCode.Created);

        using var response = await client.PostAsJsonAsync("/api/builds", new { repository = repository.Location, commit = Commit, status = "succeeded", buildId = "9", completedAt = "2025-03-01T09:00:00Z" }, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("completedAt");
        var stored = (await app.BuildsAsync(repository.Id)).ShouldHaveSingleItem();
        stored.Status.ShouldBe(BuildStatus.Running);
        stored.CompletedAt.ShouldBeNull();
    }

    [Fact]
    public async Task Without_a_build_id_the_same_commit_and_url_update_one_row_and_another_url_adds_one()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        using var client = CreateClient(await app.CreateKeyAsync());

        (await PostAsync(client, new { repository = repository.Location, commit = Commit, status = "running", url = "https://ci.example.com/1" })).ShouldBe(HttpStatusCode.Created);
        (await PostAsync(client, new { repository = repository.Location, commit = Commit, status = "succeeded", url = "https://ci.example.com/1" })).ShouldBe(HttpStatusCode.OK);
        (await PostAsync(client, new { repository = repository.Location, commit = Commit, status = "queued", url = "https://ci.example.com/2" })).ShouldBe(HttpStatusCode.Created);

        var stored = await app.BuildsAsync(repository.Id);
        stored.Count.ShouldBe(2);
        stored.Single(b => b.Url == "https://ci.example.com/1").Status.ShouldBe(BuildStatus.Succeeded);
    }

    [Fact]
    public async Task The_key_is_accepted_in_the_X_Api_Key_header_too()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.CreateKeyAsync());

        (await PostAsync(client, new { repository = repository.Location, commit = Commit, status = "queued" })).ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("mt_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_missing_or_unknown_key_gets_401_and_nothing_is_stored(string? key)
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        using var client = key is null ? app.CreateClient() : CreateClient(key);

        using var response = await client.PostAsJsonAsync("/api/builds", new { repository = repository.Location, commit = Commit, status = "queued" }, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("API key");
        (await app.BuildsAsync(repository.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_key_with_a_wrong_secret_gets_401()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var key = await app.CreateKeyAsync();
        var tampered = key[..^1] + (key[^1] == 'a' ? 'b' : 'a');
        using var client = CreateClient(tampered);

        (await PostAsync(client, new { repository = repository.Location, commit = Commit, status = "queued" })).ShouldBe(HttpStatusCode.Unauthorized);
        (await app.BuildsAsync(repository.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_revoked_key_gets_401_saying_it_was_revoked()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var created = await app.Keys.CreateAsync($"ci-{Guid.NewGuid():N}", null, Cancel);
        using var client = CreateClient(created.Key);
        (await PostAsync(client, new { repository = repository.Location, commit = Commit, status = "queued", buildId = "a" })).ShouldBe(HttpStatusCode.Created);

        await app.Keys.RevokeAsync(created.Info.Name, Cancel);
        using var response = await client.PostAsJsonAsync("/api/builds", new { repository = repository.Location, commit = Commit, status = "queued", buildId = "b" }, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("revoked");
        (await app.BuildsAsync(repository.Id)).Select(b => b.ExternalId).ShouldBe(["a"]);
    }

    [Fact]
    public async Task A_key_scoped_to_one_repository_gets_403_for_another_and_201_for_its_own()
    {
        var own = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var other = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        using var client = CreateClient(await app.CreateKeyAsync(own.Id));

        (await PostAsync(client, new { repository = other.Location, commit = Commit, status = "queued" })).ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync(client, new { repository = own.Location, commit = Commit, status = "queued" })).ShouldBe(HttpStatusCode.Created);
        (await app.BuildsAsync(other.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_key_scoped_to_a_team_posts_for_its_repositories_only()
    {
        var slug = $"team-{Guid.NewGuid():N}"[..13];
        var own = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var other = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        await using (var db = await app.Database.CreateDbContextAsync(Cancel))
        {
            var team = new Team { Name = $"USB {slug}", Slug = slug };
            db.Teams.Add(team);
            db.Repositories.Attach(own);
            own.Team = team;
            await db.SaveChangesAsync(Cancel);
        }

        var created = await app.Keys.CreateAsync($"ci-{slug}", null, slug, Cancel);
        created.Info.TeamId.ShouldNotBeNull();
        using var client = CreateClient(created.Key);

        (await PostAsync(client, new { repository = other.Location, commit = Commit, status = "queued" })).ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync(client, new { repository = own.Location, commit = Commit, status = "queued" })).ShouldBe(HttpStatusCode.Created);
        (await app.BuildsAsync(other.Id)).ShouldBeEmpty();
        (await app.Keys.ListAsync(Cancel)).Single(k => k.Name == $"ci-{slug}").TeamName.ShouldBe($"USB {slug}");
        await Should.ThrowAsync<MigrationTracker.Core.Security.ApiKeyException>(() => app.Keys.CreateAsync($"ci-{slug}-x", own.Id, slug, Cancel));
    }

    [Fact]
    public async Task A_key_scoped_to_one_repository_gets_the_same_answer_for_a_tracked_repository_outside_its_scope_and_for_an_untracked_one()
    {
        var own = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var other = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var untracked = $"contoso/{Guid.NewGuid():N}";
        using var client = CreateClient(await app.CreateKeyAsync(own.Id));

        var tracked = await ProblemAsync(client, other.Location);
        var unknown = await ProblemAsync(client, untracked);
        var byId = await ProblemAsync(client, other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var missingId = await ProblemAsync(client, "999999");

        tracked.ShouldBe(unknown with { Detail = unknown.Detail.Replace(untracked, other.Location, StringComparison.Ordinal) });
        byId.ShouldBe(missingId with { Detail = missingId.Detail.Replace("999999", other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) });
        unknown.Status.ShouldBe(HttpStatusCode.Forbidden);
        unknown.Detail.ShouldBe($"This API key may post builds for repository {own.Id} only, and '{untracked}' does not name it. Give that repository's id, GitHub owner/name or location as registered.");
        (await app.BuildsAsync(other.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_key_scoped_to_a_team_gets_the_same_answer_for_another_teams_repository_and_for_an_untracked_one()
    {
        var slug = $"team-{Guid.NewGuid():N}"[..13];
        await using (var db = await app.Database.CreateDbContextAsync(Cancel))
        {
            db.Teams.Add(new Team { Name = $"Storage {slug}", Slug = slug });
            await db.SaveChangesAsync(Cancel);
        }

        var other = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var untracked = $"contoso/{Guid.NewGuid():N}";
        using var client = CreateClient((await app.Keys.CreateAsync($"ci-{slug}", null, slug, Cancel)).Key);

        var tracked = await ProblemAsync(client, other.Location);
        var unknown = await ProblemAsync(client, untracked);

        tracked.ShouldBe(unknown with { Detail = unknown.Detail.Replace(untracked, other.Location, StringComparison.Ordinal) });
        unknown.Status.ShouldBe(HttpStatusCode.Forbidden);
        unknown.Detail.ShouldContain("may post builds for the repositories of its team only");
    }

    private sealed record Problem(HttpStatusCode Status, string? Title, string Detail, string Keys);

    /// <summary>The answer to a valid build of <paramref name="repository"/>: status, title, detail and which members the body has.</summary>
    private static async Task<Problem> ProblemAsync(HttpClient client, string repository)
    {
        using var response = await client.PostAsJsonAsync("/api/builds", new { repository, commit = Commit, status = "queued" }, Cancel);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        return new Problem(
            response.StatusCode,
            body.TryGetProperty("title", out var title) ? title.GetString() : null,
            body.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "",
            string.Join(',', body.EnumerateObject().Select(p => p.Name).Where(n => n != "traceId")));
    }

    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { """{"repository":"{repo}","status":"queued"}""", "commit", "Required" },
        { """{"repository":"{repo}","commit":"not a sha!","status":"queued"}""", "commit", "not a commit id" },
        { """{"repository":"{repo}","commit":"3f2a9c1d"}""", "status", "Required" },
        { """{"repository":"{repo}","commit":"3f2a9c1d","status":"exploded"}""", "status", "'exploded' is not a build status" },
        { """{"repository":"{repo}","commit":"3f2a9c1d","status":"failed","startedAt":"2025-03-01T10:00:00Z","completedAt":"2025-03-01T09:00:00Z"}""", "completedAt", "before startedAt" },
        { """{"repository":"{repo}","commit":"3f2a9c1d","status":"failed","warnings":-1}""", "warnings", "negative" },
        { """{"repository":"nobody/nothing","commit":"3f2a9c1d","status":"failed"}""", "repository", "No repository 'nobody/nothing'" },
        { """{"commit":"3f2a9c1d","status":"failed"}""", "repository", "Required" },
        { """{"repository":"{repo}","commit":"3f2a9c1d","status":"failed","driver":"ghost"}""", "driver", "No driver 'ghost'" },
        { """{"repository":"{repo}","commit":"3f2a9c1d","status":"failed","url":"ftp://x/y"}""", "url", "http or https" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_body_gets_400_naming_the_field_and_nothing_is_stored(string template, string field, string message)
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}", "drivers/usb/usb.vcxproj");
        using var client = CreateClient(await app.CreateKeyAsync());

        using var response = await client.PostAsync("/api/builds", Json(template.Replace("{repo}", repository.Location, StringComparison.Ordinal)), Cancel);

        var text = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        errors.GetProperty(field)[0].GetString()!.ShouldContain(message);
        (await app.BuildsAsync(repository.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        using var client = CreateClient(await app.CreateKeyAsync());

        using var response = await client.PostAsync("/api/builds", Json($$"""{"repository":"{{repository.Location}}","status":"maybe","warnings":-4,"startedAt":"2025-03-02T00:00:00Z","completedAt":"2025-03-01T00:00:00Z"}"""), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["commit", "status", "completedAt", "warnings"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("{\"repository\": \"x\", \"commit\": ", null)]
    [InlineData("[1, 2, 3]", null)]
    [InlineData("not json at all", null)]
    [InlineData("", null)]
    [InlineData("{\"repository\": \"x\", \"commit\": \"abc1234\", \"status\": \"queued\", \"warnings\": \"many\"}", "warnings")]
    [InlineData("{\"repository\": \"x\", \"commit\": \"abc1234\", \"status\": \"queued\", \"startedAt\": \"yesterday\"}", "startedAt")]
    public async Task Malformed_JSON_gets_400_with_a_clear_message(string body, string? field)
    {
        using var client = CreateClient(await app.CreateKeyAsync());

        using var response = await client.PostAsync("/api/builds", Json(body), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        problem.GetProperty("title").GetString().ShouldBe("Malformed JSON");
        if (field is not null)
        {
            problem.GetProperty("detail").GetString()!.ShouldContain($"'{field}'");
        }
    }

    [Fact]
    public async Task A_body_over_64_KiB_gets_413_and_nothing_is_stored()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        using var client = CreateClient(await app.CreateKeyAsync());
        var padding = new string('x', 70 * 1024);

        using var response = await client.PostAsync("/api/builds", Json($$"""{"repository":"{{repository.Location}}","commit":"{{Commit}}","status":"queued","name":"{{padding}}"}"""), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await app.BuildsAsync(repository.Id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_body_over_the_limit_without_a_length_header_gets_413_too()
    {
        using var client = CreateClient(await app.CreateKeyAsync());
        using var content = new StreamContent(new MemoryStream(new byte[100 * 1024]));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/builds") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request, Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    private HttpClient CreateClient(string key) => app.CreateClientWithKey(key);

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/builds", body, Cancel);
        return response.StatusCode;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
