using System.Net;
using System.Text;
using System.Text.Json;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Web.Repositories;
using MigrationTracker.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>
/// Hostile input that the other API and repository tests do not send: bodies that are valid in size but not in
/// shape (nested past any sensible depth, not UTF-8, numbers out of range), signed webhook payloads that name no
/// repository, and repository addresses that smuggle a command or a path. Each gets a clear error and changes nothing.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class HostileInputTests(ApiFactory app) : IDisposable
{
    private const string Commit = "3f2a9c1d5e7b8a0c4d6e8f1a2b3c4d5e6f7a8b9c";

    // Inside the temp folder, one of the default local roots.
    private readonly TemporaryDirectory _folder = new("mt-hostile-web");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> MalformedBuilds => new()
    {
        { "truncated", "The body is not valid JSON" },
        { "nested", "The body is not valid JSON" },
        { "not-utf8", "The body is not valid JSON" },
        { "warnings-too-large", "The field 'warnings' has a value of the wrong type" },
        { "repository-as-object", "The field 'repository' has a value of the wrong type" },
    };

    [Theory]
    [MemberData(nameof(MalformedBuilds))]
    public async Task A_malformed_build_for_a_real_repository_gets_400_saying_what_is_wrong_and_stores_nothing(string kind, string detail)
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}", "drivers/usb/usb.vcxproj");
        using var client = app.CreateClientWithKey(await app.CreateKeyAsync());
        var before = await StateAsync();

        using var response = await client.PostAsync(new Uri("/api/builds", UriKind.Relative), Body(BuildBody(kind, repository.Location)), Cancel);

        var text = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        var problem = JsonDocument.Parse(text).RootElement;
        problem.GetProperty("title").GetString().ShouldBe("Malformed JSON");
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldStartWith(detail);
        (await app.BuildsAsync(repository.Id)).ShouldBeEmpty();
        (await StateAsync()).ShouldBe(before);
    }

    public static TheoryData<string, int, string> HostileWebhooks => new()
    {
        { "{ not json", 400, "The body is not valid JSON." },
        { "nested", 400, "The body is not valid JSON." },
        { "not-utf8", 400, "The body is not valid JSON." },
        { """{"repository":"contoso/drivers"}""", 400, "The push payload names no repository (repository.full_name)." },
        { """{"repository":{"full_name":42}}""", 400, "The push payload names no repository (repository.full_name)." },
        { """[{"repository":{"full_name":"contoso/drivers"}}]""", 400, "The push payload names no repository (repository.full_name)." },
    };

    [Theory]
    [MemberData(nameof(HostileWebhooks))]
    public async Task A_signed_push_that_is_not_a_push_payload_gets_a_clear_error_and_enqueues_nothing(string payload, int status, string detail)
    {
        // The repository a well-formed push would name, so that only the shape can be why nothing happens.
        await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/drivers-{Guid.NewGuid():N}");
        var body = payload switch
        {
            "nested" => Encoding.UTF8.GetBytes(Nested("{\"repository\":{\"full_name\":\"contoso/drivers\"},\"x\":", 200)),
            "not-utf8" => [.. "{\"repository\":{\"full_name\":\"contoso/"u8.ToArray(), 0xFF, 0xFE, .. "\"}}"u8.ToArray()],
            _ => Encoding.UTF8.GetBytes(payload),
        };
        var before = await StateAsync();

        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(ApiFactory.WebhookSecret), body)));
        using var response = await client.SendAsync(request, Cancel);

        var text = await response.Content.ReadAsStringAsync(Cancel);
        ((int)response.StatusCode).ShouldBe(status, text);
        JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString().ShouldBe(detail);
        (await StateAsync()).ShouldBe(before);
    }

    public static TheoryData<string, string> SmuggledLocations => new()
    {
        { "ext::sh -c touch% /tmp/pwned", "'ext::sh -c touch% /tmp/pwned' uses git's 'ext::' form, which runs a program to reach the repository; it is not accepted." },
        { "-oProxyCommand=touch /tmp/pwned", "The location '-oProxyCommand=touch /tmp/pwned' starts with '-', which git would read as an option, not an address." },
        { "ssh://-oProxyCommand=touch%20/tmp/pwned/drivers.git", "The server name in 'ssh://-oProxyCommand=touch%20/tmp/pwned/drivers.git' starts with '-', which git would read as an option. Check the address." },
        { "git@git.example.com:-upload-pack=touch", "A part of 'git@git.example.com:-upload-pack=touch' starts with '-', which git would read as an option. Check the address." },
        { "{folder}/../../../etc", "The path '{folder}/../../../etc' contains '..'. Type the repository's full path without '..' segments." },
        { "file://{folder}/../../../etc", "The path 'file://{folder}/../../../etc' contains '..'. Type the repository's full path without '..' segments." },
        { "https://git.example.com/drivers.git?private_token=glpat-secret", "has a '?' or '#' part, which git addresses do not have (and which may carry a secret)" },
    };

    [Theory]
    [MemberData(nameof(SmuggledLocations))]
    public async Task A_location_that_smuggles_a_command_or_a_path_is_refused_by_the_Repositories_page_service_and_nothing_is_stored(string template, string message)
    {
        var location = template.Replace("{folder}", _folder.Path, StringComparison.Ordinal);
        var service = app.Services.GetRequiredService<RepositoryService>();
        var before = await StateAsync();

        var result = await service.AddAsync(Principals.Administrator, new NewRepository(location), Cancel);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldContain(message.Replace("{folder}", _folder.Path, StringComparison.Ordinal));
        result.Error.ShouldNotContain("glpat-secret");
        (await StateAsync()).ShouldBe(before);
    }

    private static string BuildBody(string kind, string repository) => kind switch
    {
        "truncated" => $$"""{"repository":"{{repository}}","commit":"{{Commit}}","status":"succ""",
        "nested" => Nested($$"""{"repository":"{{repository}}","commit":"{{Commit}}","status":"succeeded","extra":""", 500),
        "not-utf8" => $$"""{"repository":"{{repository}}","commit":"{{Commit}}","status":"succeeded","name":"<not-utf8>"}""",
        "warnings-too-large" => $$"""{"repository":"{{repository}}","commit":"{{Commit}}","status":"succeeded","warnings":1e40}""",
        "repository-as-object" => $$"""{"repository":{"$ne":null},"commit":"{{Commit}}","status":"succeeded"}""",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A JSON object whose last property holds arrays nested <paramref name="depth"/> deep.</summary>
    private static string Nested(string prefix, int depth) => prefix + new string('[', depth) + new string(']', depth) + "}";

    private static ByteArrayContent Body(string json)
    {
        // Invalid UTF-8 where the marker stands: bytes a text encoder would never produce.
        var bytes = Encoding.UTF8.GetBytes(json);
        var marker = Encoding.UTF8.GetBytes("<not-utf8>");
        var at = bytes.AsSpan().IndexOf(marker);
        if (at >= 0)
        {
            bytes = [.. bytes[..at], 0xC3, 0x28, 0xFF, .. bytes[(at + marker.Length)..]];
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// <summary>What refused input must leave unchanged: the job queue and the rows it could touch.</summary>
    private async Task<string> StateAsync()
    {
        await using var context = await app.Database.CreateDbContextAsync(Cancel);
        var repositories = await context.Repositories.AsNoTracking().OrderBy(r => r.Id).Select(r => $"{r.Id}:{r.Location}:{r.Status}:{r.LastSyncedAt}").ToListAsync(Cancel);
        var builds = await context.BuildResults.CountAsync(Cancel);
        var credentials = await context.Credentials.CountAsync(Cancel);
        return $"jobs={app.EnqueuedJobs().Count} builds={builds} credentials={credentials} repositories={string.Join(',', repositories)}";
    }
}
