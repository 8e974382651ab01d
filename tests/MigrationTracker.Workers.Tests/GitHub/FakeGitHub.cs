using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Workers.Tests.GitHub;

/// <summary>One answer of the fake server.</summary>
public sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static Reply Json(string body) => new(200, body);

    public static Reply NotFound() => new(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#get-a-repository","status":"404"}""");

    public static Reply ServerError(int status = 500) => new(status, """{"message":"Server Error"}""");

    /// <summary>GitHub's primary rate limit: 403, remaining 0, reset as Unix seconds.</summary>
    public static Reply RateLimited(DateTimeOffset reset) => new(
        403,
        """{"message":"API rate limit exceeded for installation ID 1. (But here's the good news: Authenticated requests get a higher rate limit.)","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}""",
        new Dictionary<string, string>
        {
            ["X-RateLimit-Limit"] = "5000",
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Used"] = "5000",
            ["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["X-RateLimit-Resource"] = "core",
        });

    /// <summary>A secondary rate limit as GitHub sends it: 429 with Retry-After in seconds.</summary>
    public static Reply TooManyRequests(int retryAfterSeconds) => new(
        429,
        """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""",
        new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
}

/// <summary>A request the fake server received.</summary>
public sealed record SeenRequest(string Path, string Query, string? Authorization, DateTimeOffset At);

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers like GitHub Enterprise's REST API (under <c>/api/v3</c>)
/// with the replies a test sets per path: one-off replies first, in order, then the standing one.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _once = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<HttpRequest, Reply>> _standing = new(StringComparer.Ordinal);

    private FakeGitHub(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public static async Task<FakeGitHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeGitHub(app);
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address + "/");
        return server;
    }

    /// <summary>Sets the standing answer for a path below <c>/api/v3</c>, such as <c>/repos/contoso/storage</c>.</summary>
    public void Answer(string path, Reply reply) => _standing[path] = _ => reply;

    public void Answer(string path, Func<HttpRequest, Reply> reply) => _standing[path] = reply;

    /// <summary>Queues a reply given once, before the standing answer.</summary>
    public void AnswerOnce(string path, Reply reply) => _once.GetOrAdd(path, _ => new()).Enqueue(reply);

    public IReadOnlyList<SeenRequest> RequestsTo(string path) => Requests.Where(r => r.Path == path).ToList();

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        const string prefix = "/api/v3";
        path = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;
        Requests.Enqueue(new SeenRequest(path, context.Request.QueryString.Value ?? string.Empty, context.Request.Headers.Authorization.FirstOrDefault(), DateTimeOffset.UtcNow));

        Reply reply;
        if (_once.TryGetValue(path, out var queue) && queue.TryDequeue(out var once))
        {
            reply = once;
        }
        else if (_standing.TryGetValue(path, out var standing))
        {
            reply = standing(context.Request);
        }
        else
        {
            reply = Reply.NotFound();
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(reply.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
