using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Web.Tests.Api;

/// <summary><c>apikey create|list|revoke</c> run as an operator runs them: the built web executable, as a real process.</summary>
public sealed partial class ApiKeyCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> Settings = new() { ["Jobs__RunServer"] = "false" };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_created_on_the_command_line_posts_builds_until_it_is_revoked()
    {
        using var folder = new TemporaryDirectory("mt-cli");
        var (createCode, createOutput) = await RunAsync(folder, "apikey", "create", "github-actions");
        createCode.ShouldBe(0, createOutput);
        createOutput.ShouldContain("will not be shown again");
        var key = KeyPattern().Match(createOutput).Value;
        key.ShouldNotBeEmpty(createOutput);

        var (listCode, listOutput) = await RunAsync(folder, "apikey", "list");
        listCode.ShouldBe(0, listOutput);
        listOutput.ShouldContain("github-actions");
        listOutput.ShouldContain(key.Split('_')[1]);
        listOutput.ShouldNotContain(key.Split('_')[2]);

        var repository = await AddRepositoryAsync(folder, "contoso/drivers");
        using var http = new HttpClient();
        await using var web = ProductProcess.StartWeb(folder.Path, Settings);
        await web.WaitUntilReadyAsync(http, Timeout);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var builds = new Uri(web.BaseAddress!, "api/builds");

        using (var accepted = await http.PostAsJsonAsync(builds, new { repository = "contoso/drivers", commit = "abcdef1234", status = "succeeded", buildId = "1" }, Cancel))
        {
            accepted.StatusCode.ShouldBe(HttpStatusCode.Created, await accepted.Content.ReadAsStringAsync(Cancel));
        }

        var (revokeCode, revokeOutput) = await RunAsync(folder, "apikey", "revoke", "github-actions");
        revokeCode.ShouldBe(0, revokeOutput);
        revokeOutput.ShouldContain("Revoked API key 'github-actions'");

        using (var refused = await http.PostAsJsonAsync(builds, new { repository = "contoso/drivers", commit = "abcdef1234", status = "failed", buildId = "2" }, Cancel))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        await web.StopAsync();
        web.Output.ShouldNotContain(key.Split('_')[2]);
        await using var context = CreateContext(folder);
        (await context.BuildResults.Where(b => b.RepositoryId == repository).Select(b => b.ExternalId).ToListAsync(Cancel)).ShouldBe(["1"]);
    }

    [Fact]
    public async Task Creating_a_key_under_a_name_in_use_exits_1_with_a_clear_message()
    {
        using var folder = new TemporaryDirectory("mt-cli");
        (await RunAsync(folder, "apikey", "create", "jenkins")).Code.ShouldBe(0);

        var (code, output) = await RunAsync(folder, "apikey", "create", "jenkins", "--repository", "7");

        code.ShouldBe(1, output);
        output.ShouldContain("An API key named 'jenkins' exists already");
        KeyPattern().IsMatch(output).ShouldBeFalse();
    }

    [Fact]
    public async Task Revoking_a_key_that_does_not_exist_exits_1_naming_it()
    {
        using var folder = new TemporaryDirectory("mt-cli");

        var (code, output) = await RunAsync(folder, "apikey", "revoke", "nobody");

        code.ShouldBe(1, output);
        output.ShouldContain("No API key is named 'nobody'");
    }

    private static async Task<(int Code, string Output)> RunAsync(TemporaryDirectory folder, params string[] arguments)
    {
        await using var process = ProductProcess.RunWebCommand(folder.Path, arguments, Settings);
        var code = await process.WaitForExitAsync(Timeout);
        return (code, process.Output);
    }

    private static async Task<int> AddRepositoryAsync(TemporaryDirectory folder, string location)
    {
        await using var context = CreateContext(folder);
        var repository = new Repository { Name = "drivers", Kind = RepositoryKind.GitHub, Location = location, CreatedAt = DateTime.UtcNow };
        context.Repositories.Add(repository);
        await context.SaveChangesAsync(Cancel);
        return repository.Id;
    }

    private static TrackerDbContext CreateContext(TemporaryDirectory folder)
    {
        var settings = new StorageSettings(DatabaseProvider.Sqlite, $"Data Source={folder.Combine("data", "tracker.db")};Pooling=false", folder.Combine("data"));
        var options = new DbContextOptionsBuilder<TrackerDbContext>();
        options.UseTrackerDatabase(settings);
        return new TrackerDbContext(options.Options);
    }

    [GeneratedRegex("mt_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}")]
    private static partial Regex KeyPattern();
}
