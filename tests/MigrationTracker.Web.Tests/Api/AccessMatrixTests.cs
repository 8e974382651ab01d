using System.Net;
using System.Text.RegularExpressions;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Web.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Web.Tests.Api;

/// <summary>
/// Every endpoint and page the app maps, asked by an anonymous client and by a user of each role: each gets exactly
/// what the role matrix says. An endpoint that is not in the matrix fails the test, so a new one cannot slip in unpoliced.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed partial class AccessMatrixTests(ApiFactory app)
{
    private const string Password = "Matrix-password-123";

    /// <summary>Who may reach an endpoint.</summary>
    private enum Access
    {
        /// <summary>Anyone, signed in or not.</summary>
        Anonymous,

        /// <summary>Machines: authenticated by an API key or a signature, never by the sign-in cookie.</summary>
        Machine,

        /// <summary>Any signed-in user.</summary>
        SignedIn,

        /// <summary>Viewer and up.</summary>
        Read,

        /// <summary>Manager and Administrator.</summary>
        Manage,

        /// <summary>Administrator only.</summary>
        Administer,
    }

    /// <summary>The matrix: route pattern (and method) to who may reach it. Anything mapped and not listed here fails the test.</summary>
    private static readonly Dictionary<string, Access> Matrix = new(StringComparer.Ordinal)
    {
        ["GET /health/live"] = Access.Anonymous,
        ["GET /health/ready"] = Access.Anonymous,
        ["GET /account/login"] = Access.Anonymous,
        ["POST /account/login"] = Access.Anonymous,
        ["GET /account/denied"] = Access.SignedIn,
        ["POST /account/logout"] = Access.SignedIn,
        // Mapped only when OpenID Connect is configured.
        ["GET /account/external"] = Access.Anonymous,
        ["GET /account/external-callback"] = Access.Anonymous,
        ["POST /api/builds"] = Access.Machine,
        ["POST /api/webhooks/github"] = Access.Machine,
        ["GET /api/reports/"] = Access.Read,
        ["GET /api/reports/latest"] = Access.Read,
        ["GET /api/reports/{week}"] = Access.Read,
        ["POST /api/reports/{week}"] = Access.Manage,
        ["GET /drivers.csv"] = Access.Read,
        ["POST /api/diagnostics/worker-probes"] = Access.Administer,
        ["GET /api/diagnostics/worker-probes/{id:guid}"] = Access.Administer,
        ["GET /"] = Access.Read,
        ["GET /drivers"] = Access.Read,
        ["GET /drivers/{Id:int}"] = Access.Read,
        ["GET /teams"] = Access.Read,
        ["GET /repositories"] = Access.Read,
        ["GET /reports"] = Access.Read,
        ["GET /settings"] = Access.Read,
        ["GET /users"] = Access.Administer,
        ["GET /error"] = Access.Anonymous, // shown for unhandled errors of machine callers too; it holds only a request id
        ["GET /not-found"] = Access.Read,
        ["GET /hangfire"] = Access.Administer,
        ["GET /badge/{driver}.svg"] = Access.Anonymous,

        // Static files (styles and scripts the sign-in page needs too).
        ["GET /{**path:file}"] = Access.Anonymous,
    };

    /// <summary>Blazor pages (they take form posts on their route too).</summary>
    private static readonly HashSet<string> Pages = ["/", "/drivers", "/drivers/{Id:int}", "/teams", "/repositories", "/reports", "/settings", "/users", "/error", "/not-found", "/account/login", "/account/denied"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_mapped_endpoint_answers_each_role_as_the_matrix_says()
    {
        var endpoints = MappedEndpoints();
        var unlisted = endpoints.Where(e => Classify(e) is null).ToList();
        unlisted.ShouldBeEmpty("every endpoint needs a line in the access matrix (and a policy in the app)");

        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = app.CreateClient(new() { AllowAutoRedirect = false }) };
        foreach (var role in Roles.All)
        {
            clients[role] = await SignedInAsAsync(role);
        }

        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var access = Classify(endpoint)!.Value;
            foreach (var (who, client) in clients)
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), Concrete(endpoint.Pattern));
                if (endpoint.Method == "POST")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, Cancel);
                var allowed = Allowed(access, who);
                var reached = Reached(response);
                if (allowed != reached)
                {
                    wrong.Add($"{endpoint.Method} {endpoint.Pattern} as {who}: {(int)response.StatusCode} {response.Headers.Location}, expected {(allowed ? "to get in" : "to be refused")}");
                }
            }
        }

        wrong.ShouldBeEmpty();
    }

    private static bool Allowed(Access access, string who) => access switch
    {
        Access.Anonymous => true,
        Access.Machine => false,
        Access.SignedIn or Access.Read => who != "anonymous",
        Access.Manage => who is Roles.Manager or Roles.Administrator,
        Access.Administer => who == Roles.Administrator,
        _ => false,
    };

    /// <summary>Refused means 401/403 or a redirect to the sign-in or no-access page; anything else got past access control.</summary>
    private static bool Reached(HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return false;
        }

        var location = response.Headers.Location?.ToString() ?? "";
        return !((int)response.StatusCode is >= 300 and < 400 && (location.Contains("/account/login", StringComparison.Ordinal) || location.Contains("/account/denied", StringComparison.Ordinal)));
    }

    private async Task<HttpClient> SignedInAsAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@tests.invalid";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(email, role, Password, []);
        }

        var client = app.CreateClient(new() { HandleCookies = true, AllowAutoRedirect = false });
        await TestAccounts.SignInAsync(client, email, Password, Cancel);
        return client;
    }

    private List<(string Method, string Pattern)> MappedEndpoints()
    {
        var sources = app.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return [.. sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
            .Where(e => e.m is "GET" or "POST" or "PUT" or "DELETE" or "PATCH")
            .Where(e => !IsStaticOrFramework(e.Item2))
            .Distinct()
            .OrderBy(e => e.Item2, StringComparer.Ordinal)];
    }

    /// <summary>Static files and Blazor's own plumbing: public files (scripts, styles) and the circuit hub, which needs the cookie.</summary>
    private static bool IsStaticOrFramework(string pattern) =>
        pattern.StartsWith("/_content/", StringComparison.Ordinal) || pattern.StartsWith("/_framework/", StringComparison.Ordinal)
        || pattern.StartsWith("/_blazor", StringComparison.Ordinal) || StaticFile().IsMatch(pattern);

    private static Access? Classify((string Method, string Pattern) endpoint)
    {
        var key = $"{endpoint.Method} {endpoint.Pattern}";
        if (Matrix.TryGetValue(key, out var access))
        {
            return access;
        }

        // A page also takes form posts on its route: the same access as reading it.
        if (endpoint.Method == "POST" && Pages.Contains(endpoint.Pattern) && Matrix.TryGetValue($"GET {endpoint.Pattern}", out var page))
        {
            return page;
        }

        // The job dashboard maps one catch-all route for its pages and calls.
        return endpoint.Pattern.StartsWith("/hangfire", StringComparison.Ordinal) ? Access.Administer : null;
    }

    private static string Concrete(string pattern) =>
        RouteParameter().Replace(pattern, match => match.Groups[1].Value.ToLowerInvariant() switch
        {
            "week" => "2024-W10",
            "id:guid" => Guid.Empty.ToString(),
            "**path:file" => "app.css",
            var p when p.StartsWith('*') => "stats",
            _ => "1",
        });

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"^/[^/{]+\.(css|js|ico|png|svg|woff2?|map|json)(\.gz|\.br)?$")]
    private static partial Regex StaticFile();
}
