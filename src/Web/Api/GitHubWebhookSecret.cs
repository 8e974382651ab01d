using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MigrationTracker.Workers.Secrets;

namespace MigrationTracker.Web.Api;

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

    private const int MaxLength = 256;

    private readonly SavedSecret _secret = new(store, Setting, () => options.CurrentValue.WebhookSecret);

    /// <summary>The secret deliveries are checked with: the saved one, else the configured one, else null.</summary>
    /// <exception cref="ProtectedSettingUnreadableException">A secret is saved but cannot be decrypted.</exception>
    public Task<string?> CurrentAsync(CancellationToken cancellationToken) => _secret.CurrentAsync(cancellationToken);

    public Task<SecretStatus> StatusAsync(CancellationToken cancellationToken) => _secret.StatusAsync(cancellationToken);

    /// <summary>Makes a new random secret, saves it and returns it, to be shown once and entered on GitHub.</summary>
    public async Task<string> GenerateAsync(string changedBy, CancellationToken cancellationToken)
    {
        var secret = RandomNumberGenerator.GetHexString(64, lowercase: true);
        await _secret.SaveAsync(secret, changedBy, cancellationToken);
        return secret;
    }

    /// <summary>Saves a secret already entered on GitHub (spaces around a pasted one are dropped).</summary>
    /// <exception cref="SettingRejectedException">It is too short or long, or holds spaces or control characters.</exception>
    public Task SaveAsync(string? secret, string changedBy, CancellationToken cancellationToken) =>
        SavedSecret.IsPlausible(secret?.Trim(), MinLength, MaxLength)
            ? _secret.SaveAsync(secret!.Trim(), changedBy, cancellationToken)
            : throw new SettingRejectedException($"Secret: enter the secret from the webhook's settings on GitHub, {MinLength} to {MaxLength} characters without spaces, or generate one here.");

    /// <summary>Forgets the saved secret: the configured one, if any, is used again.</summary>
    public Task<bool> RemoveAsync(CancellationToken cancellationToken) => _secret.RemoveAsync(cancellationToken);
}
