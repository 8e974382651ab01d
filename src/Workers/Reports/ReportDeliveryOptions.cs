using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Reports;

/// <summary>Where weekly reports are sent and how hard delivery tries (section <c>Reports:Delivery</c>).</summary>
public sealed class ReportDeliveryOptions
{
    public const string SectionName = "Reports:Delivery";

    /// <summary>The recipients key of the whole organisation's report; any other key is a team's slug.</summary>
    public const string OrganisationKey = "organisation";

    /// <summary>In a webhook's scopes: every report, the organisation's and each team's.</summary>
    public const string AllScopes = "*";

    public const int MaxAttempts = 10;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    public EmailDeliveryOptions Email { get; set; } = new();

    public List<WebhookDestination> Webhooks { get; set; } = [];

    /// <summary>Attempts per delivery in one run of the job, the first included.</summary>
    public int Attempts { get; set; } = 3;

    /// <summary>Wait after the first failed attempt; it doubles after each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What is wrong with the settings, one sentence each naming the setting; empty when they can be used.</summary>
    public IEnumerable<string> Problems()
    {
        if (Attempts is < 1 or > MaxAttempts)
        {
            yield return $"{SectionName}:{nameof(Attempts)} is {Attempts}; use a number from 1 to {MaxAttempts}.";
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > MaxRetryDelay)
        {
            yield return $"{SectionName}:{nameof(RetryDelay)} is {RetryDelay}; use a time from 00:00:00 to {MaxRetryDelay:c}.";
        }

        foreach (var result in Email.Problems($"{SectionName}:{nameof(Email)}"))
        {
            yield return result;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Webhooks.Count; i++)
        {
            var webhook = Webhooks[i];
            var key = $"{SectionName}:{nameof(Webhooks)}:{i}";
            if (string.IsNullOrWhiteSpace(webhook.Name))
            {
                yield return $"{key}:{nameof(WebhookDestination.Name)} is missing: give each webhook a name. The name is what the Reports page shows, never the URL.";
            }
            else if (webhook.Name.Length > WebhookDestination.MaxNameLength)
            {
                yield return $"{key}:{nameof(WebhookDestination.Name)} is longer than {WebhookDestination.MaxNameLength} characters.";
            }
            else if (!names.Add(webhook.Name.Trim()))
            {
                yield return $"{SectionName}:{nameof(Webhooks)} has more than one webhook named '{webhook.Name.Trim()}': give each a different name (case is ignored).";
            }

            // The URL is not repeated in the message: it may hold a token.
            if (!WebhookDestination.TryParseUrl(webhook.Url, out _))
            {
                yield return $"{key}:{nameof(WebhookDestination.Url)} of webhook '{webhook.Name}' is {(string.IsNullOrWhiteSpace(webhook.Url) ? "missing" : "not an absolute http or https URL")}: use the incoming-webhook address the chat tool gave you.";
            }
        }
    }
}

/// <summary>How the mail server is reached for a connection: MailKit's choice by port, or as told.</summary>
public enum SmtpSecurity
{
    /// <summary>TLS on connect for port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto = 0,

    /// <summary>No encryption.</summary>
    None = 1,

    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer.</summary>
    StartTls = 2,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect = 3,
}

/// <summary>Mail delivery settings; email is off while <see cref="Host"/> is empty.</summary>
public sealed class EmailDeliveryOptions
{
    public const string DisplayName = "MigrationTracker";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Signs in only when set.</summary>
    public string? UserName { get; set; }

    /// <summary>Never logged nor shown.</summary>
    public string? Password { get; set; }

    /// <summary>The sender's address; shown as "MigrationTracker" unless it names someone itself.</summary>
    public string? From { get; set; }

    /// <summary>
    /// Scope to addresses: <c>organisation</c> for the whole organisation's report, a team's slug for its report.
    /// An entry may hold several addresses separated by <c>,</c> or <c>;</c>.
    /// </summary>
    public Dictionary<string, List<string>> Recipients { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The configured addresses for a report's scope (empty for the organisation).</summary>
    public IEnumerable<string> RecipientsFor(string scope)
    {
        var key = scope.Length == 0 ? ReportDeliveryOptions.OrganisationKey : scope;

        // The binder may have made its own dictionary, so the key is matched ignoring case here.
        return Recipients
            .Where(entry => string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            .SelectMany(entry => entry.Value)
            .SelectMany(MailAddresses.Split);
    }

    internal IEnumerable<string> Problems(string section)
    {
        if (Port is < 1 or > 65535)
        {
            yield return $"{section}:{nameof(Port)} is {Port}; use a port from 1 to 65535 (587 for STARTTLS, 465 for TLS on connect, 25 for plain SMTP).";
        }

        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(From))
        {
            yield return $"{section}:{nameof(From)} is missing: set the address reports are sent from (for example reports@contoso.com), or clear {section}:{nameof(Host)} to turn email off.";
        }
        else if (!MailAddresses.TryParse(From, out _))
        {
            yield return $"{section}:{nameof(From)} is '{From}', which is not a mail address.";
        }

        foreach (var (scope, addresses) in Recipients)
        {
            foreach (var address in addresses.SelectMany(MailAddresses.Split))
            {
                if (!MailAddresses.TryParse(address, out _))
                {
                    yield return $"{section}:{nameof(Recipients)}:{scope} holds '{address}', which is not a mail address.";
                }
            }
        }
    }
}

/// <summary>A chat or automation endpoint that receives the report's summary as JSON.</summary>
public sealed class WebhookDestination
{
    public const int MaxNameLength = 100;

    /// <summary>What the Reports page and the logs show for this webhook.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The receiving address. It often holds a token (in its path or query), so it is never logged nor stored.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Reports it receives: empty for the organisation's only, <c>*</c> for all, or <c>organisation</c> and team slugs.</summary>
    public List<string> Scopes { get; set; } = [];

    public bool Receives(string scope)
    {
        var scopes = Scopes.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
        if (scopes.Count == 0)
        {
            return scope.Length == 0;
        }

        var key = scope.Length == 0 ? ReportDeliveryOptions.OrganisationKey : scope;
        return scopes.Any(s => s == ReportDeliveryOptions.AllScopes || string.Equals(s, key, StringComparison.OrdinalIgnoreCase));
    }

    public static bool TryParseUrl(string? text, out Uri url)
    {
        url = null!;
        return !string.IsNullOrWhiteSpace(text)
            && Uri.TryCreate(text.Trim(), UriKind.Absolute, out url!)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && url.Host.Length > 0;
    }
}

/// <summary>Checks the delivery settings at start, so a wrong one stops the process with a message naming it.</summary>
internal sealed class ReportDeliveryOptionsValidator : IValidateOptions<ReportDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportDeliveryOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
