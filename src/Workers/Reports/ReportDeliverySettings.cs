using System.Globalization;
using MigrationTracker.Core.Data;
using MigrationTracker.Workers.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Reports;

/// <summary>The mail server as saved on the Settings page; stored encrypted with its password.</summary>
public sealed record SavedMailServer(string Host, int Port, SmtpSecurity Security, string? UserName, string? Password, string From, string? Recipients);

/// <summary>What the Settings page enters for the mail server. An empty password keeps the saved one.</summary>
public sealed class MailServerInput
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public string? UserName { get; set; }

    /// <summary>Empty keeps the saved password; use <see cref="ClearPassword"/> to remove it.</summary>
    public string? Password { get; set; }

    public bool ClearPassword { get; set; }

    public string? From { get; set; }

    /// <summary>Who receives the organisation's report, separated by commas.</summary>
    public string? Recipients { get; set; }
}

/// <summary>The mail server as the Settings page shows it: everything but the password, which it only says is set.</summary>
public sealed record MailServerView(string Host, int Port, SmtpSecurity Security, string? UserName, bool HasPassword, string From, string? Recipients, SettingStamp? Saved);

/// <summary>A webhook as the Settings page shows it: its name, the host it posts to and its scopes, never the address.</summary>
public sealed record WebhookView(string Name, string Host, IReadOnlyList<string> Scopes, bool FromConfiguration);

/// <summary>The delivery settings in force, without secrets.</summary>
/// <param name="Mail">The saved mail server, or null when none is saved.</param>
/// <param name="ConfiguredMailServer">host:port of the mail server in the configuration, if any; the saved one takes its place.</param>
/// <param name="Problem">Why the saved settings could not be read, if they could not.</param>
/// <param name="ConfiguredRecipients">Recipients of the organisation's report from the configuration, who get it besides those saved here.</param>
public sealed record DeliverySettingsView(MailServerView? Mail, string? ConfiguredMailServer, IReadOnlyList<string> ConfiguredRecipients, IReadOnlyList<WebhookView> Webhooks, string? Problem);

/// <summary>The delivery settings in force, and why a saved part of them could not be used, if one could not.</summary>
public sealed record DeliverySettingsInForce(ReportDeliveryOptions Options, string? MailProblem, string? WebhooksProblem)
{
    public IEnumerable<string> Problems => new[] { MailProblem, WebhooksProblem }.OfType<string>();
}

/// <summary>
/// Report delivery settings: those of the configuration (<c>Reports:Delivery</c>) joined with those saved by an
/// administrator on the Settings page. A saved mail server takes the configured one's place; webhooks of both are
/// used, each name once. Saved settings are encrypted at rest with Data Protection, the password and webhook
/// addresses included, and never leave this class except to send a report.
/// </summary>
public sealed class ReportDeliverySettings(IOptions<ReportDeliveryOptions> configured, ProtectedSettings store, IDbContextFactory<TrackerDbContext> contextFactory)
{
    public const string MailServerSetting = "reports.mail-server";

    public const string WebhooksSetting = "reports.webhooks";

    // Limits that keep the encrypted settings well inside their column (64,000 characters) on every database.
    private const int MaxFieldLength = 320;
    private const int MaxRecipientsLength = 4000;
    private const int MaxUrlLength = 2000;
    private const int MaxWebhooks = 20;

    /// <summary>
    /// The saved webhooks are one encrypted list, read, changed and written back: one edit at a time, so two
    /// administrators adding webhooks at once keep both. The Settings page, in the web process, is the only editor.
    /// </summary>
    private static readonly SemaphoreSlim WebhookEdits = new(1, 1);

    /// <summary>
    /// The settings deliveries use now. A saved part that cannot be decrypted is left out (the configured one stands in
    /// for it) and named in <see cref="DeliverySettingsInForce.MailProblem"/> or <see cref="DeliverySettingsInForce.WebhooksProblem"/>,
    /// so the destinations that can still be reached get their reports.
    /// </summary>
    public async Task<DeliverySettingsInForce> GetAsync(CancellationToken cancellationToken)
    {
        var options = configured.Value;
        var (mail, mailProblem) = await TryReadAsync<SavedMailServer>(MailServerSetting, cancellationToken);
        var (webhooks, webhooksProblem) = await TryReadAsync<List<WebhookDestination>>(WebhooksSetting, cancellationToken);
        var inForce = new ReportDeliveryOptions
        {
            Attempts = options.Attempts,
            RetryDelay = options.RetryDelay,
            Email = mail is null ? options.Email : WithSavedServer(options.Email, mail),
            Webhooks = [.. options.Webhooks, .. (webhooks ?? []).Where(w => !options.Webhooks.Any(c => SameName(c.Name, w.Name)))],
        };
        return new DeliverySettingsInForce(inForce, mailProblem, webhooksProblem);
    }

    /// <summary>The settings as the Settings page shows them; a saved part that cannot be read is reported in <see cref="DeliverySettingsView.Problem"/>.</summary>
    public async Task<DeliverySettingsView> ViewAsync(CancellationToken cancellationToken)
    {
        var options = configured.Value;
        var configuredServer = options.Email.Enabled ? $"{options.Email.Host}:{options.Email.Port.ToString(CultureInfo.InvariantCulture)}" : null;
        var savedMail = await store.ReadSavedAsync<SavedMailServer>(MailServerSetting, cancellationToken);
        var (mail, mailProblem) = (savedMail?.Value, savedMail?.Problem?.Message);
        var (saved, webhooksProblem) = await TryReadAsync<List<WebhookDestination>>(WebhooksSetting, cancellationToken);
        var webhooks = options.Webhooks.Select(w => View(w, fromConfiguration: true))
            .Concat((saved ?? []).Select(w => View(w, fromConfiguration: false)))
            .ToList();
        var mailView = mail is null
            ? null
            : new MailServerView(mail.Host, mail.Port, mail.Security, mail.UserName, !string.IsNullOrEmpty(mail.Password), mail.From, mail.Recipients, savedMail!.Stamp);
        var problems = new[] { mailProblem, webhooksProblem }.OfType<string>().ToList();
        return new DeliverySettingsView(mailView, configuredServer, ConfiguredRecipients(options.Email), webhooks, problems.Count == 0 ? null : string.Join(" ", problems));
    }

    /// <summary>Saves the mail server after checking every field.</summary>
    /// <exception cref="SettingRejectedException">A field is wrong; the message names it.</exception>
    public async Task SaveMailServerAsync(MailServerInput input, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var host = input.Host?.Trim();
        if (string.IsNullOrEmpty(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new SettingRejectedException("Mail server: enter the server's host name (for example smtp.contoso.com), without a scheme or port.");
        }

        if (host.Length > 253)
        {
            throw new SettingRejectedException("Mail server: a host name has at most 253 characters.");
        }

        if (input.UserName?.Length > MaxFieldLength || input.Password?.Length > MaxFieldLength || input.From?.Length > MaxFieldLength)
        {
            throw new SettingRejectedException($"User name, password and sender have at most {MaxFieldLength} characters each.");
        }

        if (input.Recipients?.Length > MaxRecipientsLength)
        {
            throw new SettingRejectedException($"Recipients: at most {MaxRecipientsLength} characters; send to a mailing list for more people.");
        }

        if (input.Port is < 1 or > 65535)
        {
            throw new SettingRejectedException("Port: use a number from 1 to 65535 (587 for STARTTLS, 465 for TLS on connect, 25 for plain SMTP).");
        }

        if (!Enum.IsDefined(input.Security))
        {
            throw new SettingRejectedException("Security: choose one of the listed ways to connect.");
        }

        if (!MailAddresses.TryParse(input.From, out _))
        {
            throw new SettingRejectedException("Sender: enter the address reports are sent from (for example reports@contoso.com).");
        }

        var wrong = MailAddresses.Split(input.Recipients).Where(a => !MailAddresses.TryParse(a, out _)).ToList();
        if (wrong.Count > 0)
        {
            throw new SettingRejectedException($"Recipients: '{wrong[0]}' is not a mail address. Separate addresses with commas.");
        }

        var userName = string.IsNullOrWhiteSpace(input.UserName) ? null : input.UserName.Trim();
        var (previous, _) = await TryReadAsync<SavedMailServer>(MailServerSetting, cancellationToken);
        string? password;
        if (input.ClearPassword || userName is null)
        {
            password = null;
        }
        else if (!string.IsNullOrEmpty(input.Password))
        {
            password = input.Password;
        }
        else if (previous?.Password is { } kept)
        {
            // The saved password goes only to the server it was saved for: otherwise whoever edits these settings could
            // point them at a server of theirs and read it from the sign-in.
            password = string.Equals(previous.Host, host, StringComparison.OrdinalIgnoreCase) && previous.Port == input.Port
                && previous.Security == input.Security && previous.UserName == userName
                ? kept
                : throw new SettingRejectedException("Password: enter the password again. The server, port, security or user name changed, and a saved password is only ever sent to the server it was saved for.");
        }
        else
        {
            password = null;
        }
        var recipients = string.Join(", ", MailAddresses.Split(input.Recipients));
        await store.SaveAsync(
            MailServerSetting,
            new SavedMailServer(host, input.Port, input.Security, userName, password, input.From!.Trim(), recipients.Length == 0 ? null : recipients),
            changedBy,
            cancellationToken);
    }

    /// <summary>Forgets the saved mail server; the configured one, if any, is used again.</summary>
    public Task<bool> RemoveMailServerAsync(CancellationToken cancellationToken) => store.RemoveAsync(MailServerSetting, cancellationToken);

    /// <summary>Adds a webhook after checking its name, address and scopes.</summary>
    /// <param name="scopes">Empty for the organisation's report only, <c>*</c> for every report, or <c>organisation</c> and team slugs separated by commas.</param>
    /// <exception cref="SettingRejectedException">A field is wrong; the message names it.</exception>
    public async Task AddWebhookAsync(string? name, string? url, string? scopes, string changedBy, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > WebhookDestination.MaxNameLength)
        {
            throw new SettingRejectedException($"Name: give the webhook a name of 1 to {WebhookDestination.MaxNameLength} characters; the Reports page shows the name, never the address.");
        }

        // The address is not repeated: it usually holds the webhook's token.
        if (url?.Length > MaxUrlLength)
        {
            throw new SettingRejectedException($"Address: at most {MaxUrlLength} characters.");
        }

        if (!WebhookDestination.TryParseUrl(url, out _))
        {
            throw new SettingRejectedException("Address: enter the incoming-webhook address the chat tool gave you (an absolute http or https URL).");
        }

        var scopeList = scopes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? [];
        var slugs = scopeList.Where(s => s != ReportDeliveryOptions.AllScopes && !string.Equals(s, ReportDeliveryOptions.OrganisationKey, StringComparison.OrdinalIgnoreCase)).ToList();
        if (slugs.Count > 0)
        {
            await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
            var known = await context.Teams.AsNoTracking().Where(t => slugs.Contains(t.Slug)).Select(t => t.Slug).ToListAsync(cancellationToken);
            var unknown = slugs.Except(known, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new SettingRejectedException($"Reports: no team has the slug '{unknown[0]}'. Use '*' for every report, 'organisation', or team slugs as the Teams page shows them.");
            }
        }

        await WebhookEdits.WaitAsync(cancellationToken);
        try
        {
            var saved = (await TryReadAsync<List<WebhookDestination>>(WebhooksSetting, cancellationToken)).Value ?? [];
            if (saved.Count >= MaxWebhooks)
            {
                throw new SettingRejectedException($"At most {MaxWebhooks} webhooks can be saved here; remove one first.");
            }

            if (configured.Value.Webhooks.Concat(saved).Any(w => SameName(w.Name, trimmed)))
            {
                throw new SettingRejectedException($"Name: a webhook named '{trimmed}' exists already; names are told apart ignoring case.");
            }

            saved.Add(new WebhookDestination { Name = trimmed, Url = url!.Trim(), Scopes = scopeList });
            await store.SaveAsync(WebhooksSetting, saved, changedBy, cancellationToken);
        }
        finally
        {
            WebhookEdits.Release();
        }
    }

    /// <returns>False when no saved webhook has that name (a configured one cannot be removed here).</returns>
    public async Task<bool> RemoveWebhookAsync(string name, string changedBy, CancellationToken cancellationToken)
    {
        await WebhookEdits.WaitAsync(cancellationToken);
        try
        {
            var saved = await store.ReadAsync<List<WebhookDestination>>(WebhooksSetting, cancellationToken) ?? [];
            if (saved.RemoveAll(w => SameName(w.Name, name)) == 0)
            {
                return false;
            }

            await store.SaveAsync(WebhooksSetting, saved, changedBy, cancellationToken);
            return true;
        }
        finally
        {
            WebhookEdits.Release();
        }
    }

    /// <summary>A saved value, or null with the reason when it cannot be decrypted any more.</summary>
    private async Task<(T? Value, string? Problem)> TryReadAsync<T>(string name, CancellationToken cancellationToken)
        where T : class
    {
        var saved = await store.ReadSavedAsync<T>(name, cancellationToken);
        return (saved?.Value, saved?.Problem?.Message);
    }

    /// <summary>The organisation report's recipients set in the configuration; they get it besides those saved here.</summary>
    private static IReadOnlyList<string> ConfiguredRecipients(EmailDeliveryOptions email) => MailAddresses.Normalize(email.RecipientsFor(string.Empty));

    private static EmailDeliveryOptions WithSavedServer(EmailDeliveryOptions configuredEmail, SavedMailServer saved)
    {
        // Keys are merged ignoring case: the binder may have filled a dictionary of its own that tells them apart.
        var recipients = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (scope, addresses) in configuredEmail.Recipients)
        {
            recipients[scope] = [.. recipients.GetValueOrDefault(scope) ?? [], .. addresses];
        }

        if (saved.Recipients is { Length: > 0 } extra)
        {
            recipients[ReportDeliveryOptions.OrganisationKey] = [.. recipients.GetValueOrDefault(ReportDeliveryOptions.OrganisationKey) ?? [], extra];
        }

        return new EmailDeliveryOptions
        {
            Host = saved.Host,
            Port = saved.Port,
            Security = saved.Security,
            UserName = saved.UserName,
            Password = saved.Password,
            From = saved.From,
            Recipients = recipients,
        };
    }

    private static WebhookView View(WebhookDestination webhook, bool fromConfiguration) => new(
        webhook.Name.Trim(),
        WebhookDestination.TryParseUrl(webhook.Url, out var url) ? url.Host : "(no valid address)",
        webhook.Scopes.Count == 0 ? [ReportDeliveryOptions.OrganisationKey] : webhook.Scopes,
        fromConfiguration);

    private static bool SameName(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
