using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MigrationTracker.Workers.Secrets;

namespace MigrationTracker.Web.Api;

/// <summary>Where the webhook's secret in force comes from.</summary>
public enum WebhookSecretSource
{
    None = 0,
    Configuration = 1,
    Saved = 2,
}

/// <summary>The webhook secret as the Settings page shows it: where it comes from, never its value.</summary>
public sealed record WebhookSecretStatus(WebhookSecretSource Source, SettingStamp? Saved, string? Problem);

/// <summary>
/// The secret GitHub signs webhook deliveries with: saved on the Settings page (encrypted with Data Protection), or
/// <c>GitHub:WebhookSecret</c> from the configuration. It cannot be stored as a hash like an API key: checking a
/// delivery's HMAC signature needs the secret itself.
/// </summary>
public sealed class GitHubWebhookSecret(ProtectedSettings store, IOptionsMonitor<GitHubWebhookOptions> options)
{
    public const string Setting = "github.webhook-secret";

    /// <summary>Shortest secret accepted when one is typed in; generated ones have 64 hex digits.</summary>
    public const int MinLength = 20;

    /// <summary>The secret deliveries are checked with: the saved one, else the configured one, else null.</summary>
    /// <exception cref="ProtectedSettingUnreadableException">A secret is saved but cannot be decrypted.</exception>
    public async Task<string?> CurrentAsync(CancellationToken cancellationToken)
    {
        var saved = await store.ReadAsync<SavedSecret>(Setting, cancellationToken);
        return saved?.Secret ?? (string.IsNullOrEmpty(options.CurrentValue.WebhookSecret) ? null : options.CurrentValue.WebhookSecret);
    }

    public async Task<WebhookSecretStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var configured = !string.IsNullOrEmpty(options.CurrentValue.WebhookSecret);
        var stamp = await store.StampAsync(Setting, cancellationToken);
        if (stamp is null)
        {
            return new WebhookSecretStatus(configured ? WebhookSecretSource.Configuration : WebhookSecretSource.None, null, null);
        }

        try
        {
            await store.ReadAsync<SavedSecret>(Setting, cancellationToken);
            return new WebhookSecretStatus(WebhookSecretSource.Saved, stamp, null);
        }
        catch (ProtectedSettingUnreadableException ex)
        {
            return new WebhookSecretStatus(WebhookSecretSource.Saved, stamp, ex.Message);
        }
    }

    /// <summary>Makes a new random secret, saves it and returns it, to be shown once and entered on GitHub.</summary>
    public async Task<string> GenerateAsync(string changedBy, CancellationToken cancellationToken)
    {
        var secret = RandomNumberGenerator.GetHexString(64, lowercase: true);
        await store.SaveAsync(Setting, new SavedSecret(secret), changedBy, cancellationToken);
        return secret;
    }

    /// <summary>Saves a secret already entered on GitHub.</summary>
    /// <exception cref="SettingRejectedException">It is too short or holds spaces or control characters.</exception>
    public async Task SaveAsync(string? secret, string changedBy, CancellationToken cancellationToken)
    {
        if (secret is null || secret.Length < MinLength || secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new SettingRejectedException($"Secret: enter the secret from the webhook's settings on GitHub, at least {MinLength} characters without spaces, or generate one here.");
        }

        await store.SaveAsync(Setting, new SavedSecret(secret), changedBy, cancellationToken);
    }

    /// <summary>Forgets the saved secret: the configured one, if any, is used again.</summary>
    public Task<bool> RemoveAsync(CancellationToken cancellationToken) => store.RemoveAsync(Setting, cancellationToken);

    private sealed record SavedSecret(string Secret);
}
