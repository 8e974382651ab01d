using System.Net;
using System.Net.Http.Json;

namespace MigrationTracker.Web.Tests.Hosting;

/// <summary>Talks to the web app's worker-probe endpoints, the way an operator checks that jobs run.</summary>
/// <remarks>The endpoints are for administrators: the probe signs in as the test administrator first.</remarks>
internal sealed class ProbeClient(HttpClient unused, Uri baseAddress)
{
    private readonly HttpClient http = MigrationTracker.Testing.TestAccounts.CookieClient(baseAddress);
    private bool _signedIn;

    private async Task SignInAsync(CancellationToken cancellationToken)
    {
        _ = unused;
        if (!_signedIn)
        {
            await MigrationTracker.Testing.TestAccounts.SignInAsync(http, cancellationToken: cancellationToken);
            _signedIn = true;
        }
    }

    public async Task<Guid> EnqueueAsync(CancellationToken cancellationToken)
    {
        await SignInAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "api/diagnostics/worker-probes"));
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        using var response = await http.SendAsync(request, cancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var probe = await response.Content.ReadFromJsonAsync<Probe>(cancellationToken);
        return probe!.Id;
    }

    public async Task<Probe?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await SignInAsync(cancellationToken);
        using var response = await http.GetAsync(new Uri(baseAddress, $"api/diagnostics/worker-probes/{id}"), cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<Probe>(cancellationToken);
    }

    /// <summary>Polls until a job server has run the probe.</summary>
    public async Task<Probe> WaitUntilCompletedAsync(Guid id, TimeSpan timeout, Func<string> diagnostics, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var probe = await GetAsync(id, cancellationToken);
            if (probe?.CompletedAt is not null)
            {
                return probe;
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"Probe {id} was not run within {timeout}.{Environment.NewLine}{diagnostics()}");
    }
}

internal sealed record Probe(Guid Id, DateTime RequestedAt, DateTime? CompletedAt, string? WorkerName, int? ProcessId);
