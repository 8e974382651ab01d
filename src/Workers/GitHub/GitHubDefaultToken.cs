using Microsoft.Extensions.Options;
using MigrationTracker.Workers.Secrets;

namespace MigrationTracker.Workers.GitHub;

/// <summary>
/// The token used for GitHub repositories without a credential of their own: saved on the Settings page (encrypted
/// with Data Protection), or <c>GitHub:Token</c> from the configuration.
/// </summary>
public sealed class GitHubDefaultToken(ProtectedSettings store, IOptionsMonitor<GitHubOptions> options)
{
    public const string Setting = "github.default-token";

    private const int MinLength = 20;

    private const int MaxLength = 255;

    private readonly SavedSecret _token = new(store, Setting, () => options.CurrentValue.Token);

    /// <summary>The saved token, else the configured one, else null (anonymous access).</summary>
    /// <exception cref="CredentialUnreadableException">A token is saved but cannot be decrypted.</exception>
    public async Task<string?> CurrentAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _token.CurrentAsync(cancellationToken);
        }
        catch (ProtectedSettingUnreadableException ex)
        {
            throw new CredentialUnreadableException(
                "The default GitHub token saved on the Settings page cannot be decrypted: the data-protection keys are not the ones it was saved with. An administrator enters it again there.",
                ex);
        }
    }

    public Task<SecretStatus> StatusAsync(CancellationToken cancellationToken) => _token.StatusAsync(cancellationToken);

    /// <exception cref="SettingRejectedException">It does not look like a token.</exception>
    public Task SaveAsync(string? token, string changedBy, CancellationToken cancellationToken) =>
        SavedSecret.IsPlausible(token?.Trim(), MinLength, MaxLength)
            ? _token.SaveAsync(token!.Trim(), changedBy, cancellationToken)
            : throw new SettingRejectedException($"Token: paste a GitHub personal access token or fine-grained token ({MinLength} to {MaxLength} characters, no spaces).");

    public Task<bool> RemoveAsync(CancellationToken cancellationToken) => _token.RemoveAsync(cancellationToken);
}
