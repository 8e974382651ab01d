using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MigrationTracker.Core.Reports;
using MigrationTracker.Testing;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>One request the tests made and what came back (binary formats unpacked into their text).</summary>
public sealed record Exchange(string Label, HttpStatusCode Status, string? ContentType, string Text);

/// <summary>
/// The built web app as a real process, given a distinctive value for every secret it knows (GitHub token, SMTP
/// password, a webhook URL with a token in its path and query, the GitHub webhook secret, an API key, the
/// administrator's password), logging at Debug. It is driven through the flows that touch those secrets,
/// failures included (wrong key, bad signature, failed sign-in, an unhandled error in Production), and then
/// stopped, so that its whole output, its responses and its data folder can be searched.
/// </summary>
public sealed partial class SecretsWebApp : IAsyncLifetime
{
    public const string GitHubToken = "ghp_webSecretsTestToken8f4c2a71d9e6b35";
    public const string SmtpPassword = "smtp-Secret-Pass-3e9d71";
    public const string WebhookPathToken = "XoXoPathTokenB7d2e91";
    public const string WebhookQueryToken = "qToken-5c81f0a2";
    public const string WebhookSecret = "gh-webhook-secret-71c4e9";

    /// <summary>A wrong password typed for the administrator: someone's near-miss, as secret as the right one.</summary>
    public const string TypedPassword = "Not-the-password-4b2d";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly TemporaryDirectory _folder = new("mt-secrets-web");
    private readonly List<Exchange> _exchanges = [];
    private ProductProcess? _web;

    public string ApiKey { get; private set; } = null!;

    /// <summary>Every secret by name; the API key's secret part is what only its holder knows.</summary>
    public IReadOnlyDictionary<string, string> Secrets => new Dictionary<string, string>
    {
        ["GitHub:Token"] = GitHubToken,
        ["Reports:Delivery:Email:Password"] = SmtpPassword,
        ["webhook URL path token"] = WebhookPathToken,
        ["webhook URL query token"] = WebhookQueryToken,
        ["GitHub:WebhookSecret"] = WebhookSecret,
        ["administrator password"] = TestAccounts.AdminPassword,
        ["typed wrong password"] = TypedPassword,
        ["API key secret"] = ApiKey.Split('_')[2],
    };

    public IReadOnlyList<Exchange> Exchanges => _exchanges;

    public string Output { get; private set; } = string.Empty;

    /// <summary>Every file of the data folder once the app has stopped.</summary>
    public IReadOnlyDictionary<string, byte[]> DataFiles { get; private set; } = new Dictionary<string, byte[]>();

    public string DataDirectory => _folder.Combine("data");

    public Exchange Answer(string label) => _exchanges.Single(e => e.Label == label);

    private Dictionary<string, string?> Settings => new()
    {
        ["Storage__DataDirectory"] = DataDirectory,
        ["Jobs__RunServer"] = "false",
        ["Logging__LogLevel__Default"] = "Debug",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Information",
        ["GitHub__Token"] = GitHubToken,
        ["GitHub__WebhookSecret"] = WebhookSecret,
        ["Reports__Delivery__Email__Host"] = "127.0.0.1",
        ["Reports__Delivery__Email__Port"] = "1",
        ["Reports__Delivery__Email__UserName"] = "reports",
        ["Reports__Delivery__Email__Password"] = SmtpPassword,
        ["Reports__Delivery__Email__From"] = "reports@tests.invalid",
        ["Reports__Delivery__Email__Recipients__organisation__0"] = "managers@tests.invalid",
        ["Reports__Delivery__Webhooks__0__Name"] = "team-chat",
        ["Reports__Delivery__Webhooks__0__Url"] = $"http://127.0.0.1:1/services/T000/B000/{WebhookPathToken}?token={WebhookQueryToken}",
    };

    public async ValueTask InitializeAsync()
    {
        var cancel = TestContext.Current.CancellationToken;
        var root = _folder.Combine("web");
        await RunCommandAsync(root, ["demo-seed", "--drivers", "24", "--repositories", "2", "--teams", "2", "--weeks", "4"]);
        var created = await RunCommandAsync(root, ["apikey", "create", "secrets-ci"]);
        ApiKey = KeyPattern().Match(created).Value;
        ApiKey.ShouldNotBeEmpty(created);

        _web = ProductProcess.StartWeb(root, Settings);
        using (var probe = new HttpClient())
        {
            await _web.WaitUntilReadyAsync(probe, Timeout);
        }

        var baseAddress = _web.BaseAddress!;
        await SignInFailuresAsync(baseAddress, cancel);
        await MachineCallsAsync(baseAddress, cancel);
        using var admin = TestAccounts.CookieClient(baseAddress);
        await TestAccounts.SignInAsync(admin, cancellationToken: cancel);
        await PagesAndExportsAsync(admin, cancel);
        await UnhandledErrorsAsync(baseAddress, admin, cancel);

        await _web.StopAsync();
        Output = _web.Output;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        DataFiles = Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(DataDirectory, path), File.ReadAllBytes);
    }

    public async ValueTask DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private async Task SignInFailuresAsync(Uri baseAddress, CancellationToken cancel)
    {
        // The right password with a mistyped email, and a wrong password for the right email.
        using (var client = TestAccounts.CookieClient(baseAddress))
        {
            await RecordAsync("sign-in, mistyped email", await PostSignInAsync(client, "admn@tests.invalid", TestAccounts.AdminPassword, cancel), cancel);
        }

        using (var client = TestAccounts.CookieClient(baseAddress))
        {
            await RecordAsync("sign-in, wrong password", await PostSignInAsync(client, TestAccounts.AdminEmail, TypedPassword, cancel), cancel);
        }

        // The form's own validation answers too, before any password is checked.
        using (var client = TestAccounts.CookieClient(baseAddress))
        {
            await RecordAsync("sign-in, no email", await PostSignInAsync(client, " ", TestAccounts.AdminPassword, cancel), cancel);
        }
    }

    private async Task MachineCallsAsync(Uri baseAddress, CancellationToken cancel)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        var build = $$"""{"repository":"1","commit":"3f2a9c1d5e7b8a0c","status":"succeeded","buildId":"secrets-1"}""";
        var tampered = ApiKey[..^4] + (ApiKey[^4..] == "AAAA" ? "BBBB" : "AAAA");

        await RecordAsync("build, valid key", await SendAsync(client, HttpMethod.Post, "api/builds", Json(build), ("Authorization", $"Bearer {ApiKey}")), cancel);
        await RecordAsync("build, wrong key secret", await SendAsync(client, HttpMethod.Post, "api/builds", Json(build), ("Authorization", $"Bearer {tampered}")), cancel);
        await RecordAsync("build, wrong key in X-Api-Key", await SendAsync(client, HttpMethod.Post, "api/builds", Json(build), ("X-Api-Key", tampered)), cancel);
        await RecordAsync("build, malformed body", await SendAsync(client, HttpMethod.Post, "api/builds", Json("""{"repository":"1","commit":"""), ("Authorization", $"Bearer {ApiKey}")), cancel);
        await RecordAsync("build, invalid fields", await SendAsync(client, HttpMethod.Post, "api/builds", Json("""{"repository":"1","commit":"zz","status":"exploded"}"""), ("Authorization", $"Bearer {ApiKey}")), cancel);

        var push = """{"ref":"refs/heads/main","repository":{"full_name":"nobody/untracked","clone_url":"https://github.com/nobody/untracked.git"}}""";
        await RecordAsync("webhook, no signature", await SendAsync(client, HttpMethod.Post, "api/webhooks/github", Json(push), ("X-GitHub-Event", "push")), cancel);
        await RecordAsync("webhook, signed with another secret", await SendAsync(client, HttpMethod.Post, "api/webhooks/github", Json(push), ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(push, "not-" + WebhookSecret))), cancel);
        await RecordAsync("webhook, signed ping", await SendAsync(client, HttpMethod.Post, "api/webhooks/github", Json("""{"zen":"Design for failure.","hook_id":7}"""), ("X-GitHub-Event", "ping"), ("X-Hub-Signature-256", Sign("""{"zen":"Design for failure.","hook_id":7}""", WebhookSecret))), cancel);
        await RecordAsync("webhook, signed push of an untracked repository", await SendAsync(client, HttpMethod.Post, "api/webhooks/github", Json(push), ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", Sign(push, WebhookSecret))), cancel);
    }

    private async Task PagesAndExportsAsync(HttpClient admin, CancellationToken cancel)
    {
        foreach (var page in new[] { "", "drivers", "teams", "repositories", "reports", "settings", "hangfire", "hangfire/recurring" })
        {
            await RecordAsync($"page /{page}", await SendAsync(admin, HttpMethod.Get, page, null), cancel);
        }

        await RecordAsync("drivers.csv", await SendAsync(admin, HttpMethod.Get, "drivers.csv", null), cancel);

        var week = ReportWeek.IsoName(ReportWeek.LastCompleted(DateTime.UtcNow));
        await RecordAsync("report, generate", await SendAsync(admin, HttpMethod.Post, $"api/reports/{week}", null, ("X-Requested-With", "XMLHttpRequest")), cancel);
        await RecordAsync("report, json", await SendAsync(admin, HttpMethod.Get, $"api/reports/{week}", null), cancel);
        foreach (var format in new[] { "xlsx", "pdf", "csv", "md" })
        {
            await RecordAsync($"report, {format}", await SendAsync(admin, HttpMethod.Get, $"api/reports/{week}?format={format}", null), cancel);
        }

        await RecordAsync("report, latest md", await SendAsync(admin, HttpMethod.Get, "api/reports/latest?format=md", null), cancel);
        await RecordAsync("reports, list", await SendAsync(admin, HttpMethod.Get, "api/reports", null), cancel);
    }

    /// <summary>
    /// Takes two tables away under the running app, so that a build post (anonymous but for its API key) and a signed-in
    /// request end in unhandled errors. Both carry the API key in a header, as a developer exception page would show it.
    /// </summary>
    private async Task UnhandledErrorsAsync(Uri baseAddress, HttpClient admin, CancellationToken cancel)
    {
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "tracker.db")};Pooling=false"))
        {
            await connection.OpenAsync(cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE BuildResults RENAME TO BuildResults_gone; ALTER TABLE ReportDeliveries RENAME TO ReportDeliveries_gone;";
            await command.ExecuteNonQueryAsync(cancel);
        }

        using var client = new HttpClient { BaseAddress = baseAddress };
        var build = """{"repository":"1","commit":"3f2a9c1d5e7b8a0c","status":"failed","buildId":"secrets-2"}""";
        await RecordAsync("unhandled error, build post", await SendAsync(client, HttpMethod.Post, "api/builds", Json(build), ("Authorization", $"Bearer {ApiKey}")), cancel);
        await RecordAsync("unhandled error, signed-in request", await SendAsync(admin, HttpMethod.Get, "api/reports", null, ("X-Api-Key", ApiKey)), cancel);
    }

    private async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password, CancellationToken cancel)
    {
        var form = await client.GetStringAsync(new Uri("account/login", UriKind.Relative), cancel);
        var token = TokenPattern().Match(form);
        token.Success.ShouldBeTrue("the sign-in page has an antiforgery token");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri("account/login", UriKind.Relative), content, cancel);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task RecordAsync(string label, HttpResponseMessage response, CancellationToken cancel)
    {
        using (response)
        {
            var type = response.Content.Headers.ContentType?.MediaType;
            var bytes = await response.Content.ReadAsByteArrayAsync(cancel);
            var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));
            _exchanges.Add(new Exchange(label, response.StatusCode, type, headers + "\n\n" + Readable(type, bytes)));
        }
    }

    /// <summary>Text as a reader of the file would see it: an XLSX's XML parts unpacked, anything else byte for byte.</summary>
    private static string Readable(string? type, byte[] bytes)
    {
        if (type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            return string.Join('\n', zip.Entries.Select(entry =>
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                return $"--- {entry.FullName}\n{reader.ReadToEnd()}";
            }));
        }

        return type is "application/pdf" ? Encoding.Latin1.GetString(bytes) : Encoding.UTF8.GetString(bytes);
    }

    private async Task<string> RunCommandAsync(string root, string[] arguments)
    {
        await using var command = ProductProcess.RunWebCommand(root, arguments, Settings);
        var exit = await command.WaitForExitAsync(Timeout);
        exit.ShouldBe(0, command.Output);
        return command.Output;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Sign(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    [GeneratedRegex("mt_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
