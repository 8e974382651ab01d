using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MigrationTracker.Core.Reports;
using MimeKit;

namespace MigrationTracker.Workers.Reports;

/// <summary>
/// Sends a report by mail through the configured server. Every failure becomes a <see cref="DeliveryFailedException"/>
/// that names the server as host:port and never holds the password.
/// </summary>
public sealed class ReportMailSender(ReportRenderer renderer)
{
    /// <summary>Longest wait for one step of the conversation with the mail server.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Where the mail settings are changed, as the messages name it.</summary>
    private const string Where = $"the mail server settings (the Settings page, or {ReportDeliveryOptions.SectionName}:{nameof(ReportDeliveryOptions.Email)})";

    public async Task SendAsync(WeeklyReport report, EmailDeliveryOptions email, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(recipients);

        if (!email.Enabled)
        {
            throw new DeliveryFailedException($"Email delivery is off: enter a mail server in {Where}.", transient: false);
        }

        if (!MailAddresses.TryParse(email.From, out var from))
        {
            throw new DeliveryFailedException($"The sender in {Where} is not a mail address.", transient: false);
        }

        if (from.Name is null or "")
        {
            from = new MailboxAddress(EmailDeliveryOptions.DisplayName, from.Address);
        }

        using var message = ReportMail.Compose(report, from, recipients, RenderPdf(report));
        var server = $"{email.Host}:{email.Port.ToString(CultureInfo.InvariantCulture)}";
        string?[] secrets = [email.Password];
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(email.Host!.Trim(), email.Port, SocketOptions(email.Security), cancellationToken);
            if (!string.IsNullOrEmpty(email.UserName))
            {
                await client.AuthenticateAsync(email.UserName, email.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && Describe(ex, server, email) is { } failure)
        {
            throw new DeliveryFailedException(Secrets.Redact(failure.Message, secrets), failure.Transient, ex);
        }
    }

    private byte[] RenderPdf(WeeklyReport report)
    {
        try
        {
            return renderer.Render(report, ReportFormat.Pdf);
        }
        catch (FileNotFoundException ex)
        {
            // The PDF writer's fonts are missing on this machine; its message names the file and the package to install.
            throw new DeliveryFailedException($"The PDF to attach could not be made: {ex.Message}", transient: false, ex);
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>The failure in words, and whether trying again soon may help; null for exceptions that are bugs, not delivery failures.</summary>
    private static (string Message, bool Transient)? Describe(Exception ex, string server, EmailDeliveryOptions email) => ex switch
    {
        AuthenticationException auth => (
            $"The mail server {server} refused the sign-in of '{email.UserName}' ({Answer(auth)}). Check the user name and password in {Where}.",
            false),
        ServiceNotAuthenticatedException => (
            $"The mail server {server} requires a sign-in: enter a user name and password in {Where}.",
            false),
        NotSupportedException when !string.IsNullOrEmpty(email.UserName) => (
            $"The mail server {server} offers no sign-in on this connection: check the security setting in {Where}, or clear the user name if the server takes mail without one.",
            false),
        SmtpCommandException command => (Refusal(command, server), (int)command.StatusCode is >= 400 and < 500),
        SmtpProtocolException protocol => ($"The mail server {server} broke off the conversation: {protocol.Message}", true),
        SslHandshakeException => (
            $"Could not set up a secure connection (TLS) with the mail server {server}: check the security setting in {Where} and the server's certificate.",
            false),
        SocketException socket => ($"Could not reach the mail server {server}: {SocketReason(socket)}.", true),
        TimeoutException or OperationCanceledException => ($"The mail server {server} did not answer within {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds.", true),
        IOException io => ($"The connection to the mail server {server} broke: {io.Message}", true),
        _ => null,
    };

    private static string Refusal(SmtpCommandException ex, string server)
    {
        var answer = $"{((int)ex.StatusCode).ToString(CultureInfo.InvariantCulture)} {ex.Message.TrimEnd('.')}";
        return ex.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => $"The mail server {server} refused the recipient {ex.Mailbox?.Address} ({answer}).",
            SmtpErrorCode.SenderNotAccepted => $"The mail server {server} refused the sender {ex.Mailbox?.Address} ({answer}); check the sender in {Where}.",
            _ => $"The mail server {server} refused the message ({answer}).",
        };
    }

    private static string Answer(AuthenticationException ex) =>
        ex.InnerException is SmtpCommandException command
            ? $"{((int)command.StatusCode).ToString(CultureInfo.InvariantCulture)} {command.Message.TrimEnd('.')}"
            : ex.Message.TrimEnd('.');

    private static string SocketReason(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "the connection was refused (is the server running and the port right?)",
        SocketError.HostNotFound or SocketError.NoData => "the host name is not known",
        SocketError.TimedOut => "the connection timed out",
        _ => ex.Message.TrimEnd('.'),
    };
}
