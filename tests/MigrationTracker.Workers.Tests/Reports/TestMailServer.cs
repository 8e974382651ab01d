using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace MigrationTracker.Workers.Tests.Reports;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer package) that keeps every message it accepts, parsed by MimeKit.
/// With a user name and password it accepts only that sign-in and refuses mail without one.
/// </summary>
public sealed class TestMailServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private TestMailServer(SmtpServer.SmtpServer server, Task running, int port, ConcurrentQueue<MimeMessage> messages, ConcurrentQueue<string> signIns)
    {
        _server = server;
        _running = running;
        Port = port;
        Messages = messages;
        SignIns = signIns;
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; }

    /// <summary>The user names of the sign-ins the server accepted.</summary>
    public ConcurrentQueue<string> SignIns { get; }

    public static async Task<TestMailServer> StartAsync(string? userName = null, string? password = null)
    {
        var port = FreePort();
        var messages = new ConcurrentQueue<MimeMessage>();
        var signIns = new ConcurrentQueue<string>();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("mail.test")
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                .AllowUnsecureAuthentication()
                .AuthenticationRequired(userName is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(messages));
        services.Add(new Authenticator(userName, password, signIns));

        var server = new SmtpServer.SmtpServer(options, services);
        var running = server.StartAsync(CancellationToken.None);
        await WaitUntilListeningAsync(port);
        return new TestMailServer(server, running, port, messages, signIns);
    }

    /// <summary>A port nothing listens on (it was free a moment ago).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await Task.WhenAny(_server.ShutdownTask, Task.Delay(TimeSpan.FromSeconds(5)));
        await Task.WhenAny(_running, Task.Delay(TimeSpan.FromSeconds(1)));
    }

    private static async Task WaitUntilListeningAsync(int port)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (i < 100)
            {
                await Task.Delay(20);
            }
        }
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Authenticator(string? expectedUser, string? expectedPassword, ConcurrentQueue<string> signIns) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            var accepted = expectedUser is null || (user == expectedUser && password == expectedPassword);
            if (accepted)
            {
                signIns.Enqueue(user);
            }

            return Task.FromResult(accepted);
        }
    }
}
