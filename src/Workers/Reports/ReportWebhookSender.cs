using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using MigrationTracker.Core.Reports;

namespace MigrationTracker.Workers.Reports;

/// <summary>Posts a report's summary to a webhook. Every failure becomes a <see cref="DeliveryFailedException"/> naming the webhook, never its URL.</summary>
public sealed class ReportWebhookSender(IHttpClientFactory clients)
{
    /// <summary>The named HTTP client: a 10-second timeout, no redirects, no request logging (the URL may hold a token).</summary>
    public const string ClientName = "report-webhooks";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // Enough of an error answer to read a receiver's reason ("invalid_payload", "no_text"), not a whole error page.
    private const int MaxAnswerExcerpt = 200;

    public async Task SendAsync(WeeklyReport report, WebhookDestination webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(webhook);

        if (!WebhookDestination.TryParseUrl(webhook.Url, out var url))
        {
            throw new DeliveryFailedException($"The webhook '{webhook.Name}' has no valid http or https URL in the settings.", transient: false);
        }

        var secrets = Secrets.Of(url).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, WithoutUserInfo(url))
        {
            Content = JsonContent.Create(WebhookMessage.From(report), options: ReportJson.Options),
        };

        // HttpClient ignores user info in a URL; receivers that put credentials there expect basic authentication.
        if (url.UserInfo.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo))));
        }

        var client = clients.CreateClient(ClientName);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;
            var answer = await ExcerptAsync(response, cancellationToken);
            var message = $"The webhook '{webhook.Name}' answered {status.ToString(CultureInfo.InvariantCulture)} {reason}{(answer is null ? string.Empty : $": {answer}")}";
            throw new DeliveryFailedException(
                Secrets.Redact(message, secrets),
                transient: status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryFailedException(
                $"The webhook '{webhook.Name}' did not answer within {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds.", transient: true, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new DeliveryFailedException(
                Secrets.Redact($"Could not reach the webhook '{webhook.Name}' at {url.Host}:{url.Port.ToString(CultureInfo.InvariantCulture)}: {Reason(ex)}.", secrets),
                transient: true,
                ex);
        }
    }

    private static Uri WithoutUserInfo(Uri url) =>
        url.UserInfo.Length == 0 ? url : new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;

    private static string Reason(HttpRequestException ex)
    {
        var socket = ex.InnerException as SocketException ?? ex.InnerException?.InnerException as SocketException;
        if (socket is not null)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "the connection was refused",
                SocketError.HostNotFound or SocketError.NoData => "the host name is not known",
                SocketError.TimedOut => "the connection timed out",
                _ => socket.Message.TrimEnd('.'),
            };
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name is not known",
            HttpRequestError.SecureConnectionError => "the secure connection (TLS) could not be set up",
            HttpRequestError.ConnectionError => "the connection failed",
            _ => ex.Message.TrimEnd('.'),
        };
    }

    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not ("text/plain" or "application/json"))
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? null : text.Length <= MaxAnswerExcerpt ? text : text[..MaxAnswerExcerpt] + "…";
    }
}
