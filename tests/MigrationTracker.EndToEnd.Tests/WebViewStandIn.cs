using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>
/// A local HTTP server standing in for a repository's web view (GitHub's blob pages) or a chat tool's webhook:
/// it answers with <see cref="StatusCode"/> and records what was asked and posted.
/// </summary>
internal sealed class WebViewStandIn : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _bodies = new();

    public WebViewStandIn()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    /// <summary>Paths requested (the fragment never reaches a server).</summary>
    public IReadOnlyList<string> Requests => [.. _requests.Where(r => !r.EndsWith("favicon.ico", StringComparison.Ordinal))];

    /// <summary>Bodies of the requests answered with a success status.</summary>
    public IReadOnlyList<string> AcceptedBodies => [.. _bodies];

    /// <summary>What every request is answered with from now on.</summary>
    public int StatusCode { get; set; } = 200;

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _requests.Enqueue(Uri.UnescapeDataString(context.Request.Url!.AbsolutePath));
            var status = StatusCode;
            if (context.Request.HasEntityBody && status < 300)
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                _bodies.Enqueue(await reader.ReadToEndAsync());
            }

            context.Response.StatusCode = status;
            var body = Encoding.UTF8.GetBytes("<html><body>source file</body></html>");
            context.Response.ContentType = "text/html";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
