namespace MigrationTracker.Workers.Secrets;

/// <summary>Where a secret in force comes from.</summary>
public enum SecretSource
{
    None = 0,
    Configuration = 1,
    Saved = 2,
}

/// <summary>A secret as the Settings page shows it: where it comes from and when it was saved, never its value.</summary>
/// <param name="Problem">Why the saved secret cannot be read, if it cannot.</param>
public sealed record SecretStatus(SecretSource Source, SettingStamp? Saved, string? Problem);

/// <summary>
/// A secret an administrator saves on the Settings page (encrypted in <see cref="ProtectedSettings"/>) in place of
/// the one in the configuration, which is used while none is saved.
/// </summary>
public sealed class SavedSecret(ProtectedSettings store, string setting, Func<string?> configured)
{
    /// <summary>The saved secret, else the configured one, else null.</summary>
    /// <exception cref="ProtectedSettingUnreadableException">A secret is saved but cannot be decrypted.</exception>
    public async Task<string?> CurrentAsync(CancellationToken cancellationToken)
    {
        var saved = await store.ReadAsync<Value>(setting, cancellationToken);
        return saved?.Secret ?? (string.IsNullOrWhiteSpace(configured()) ? null : configured()!.Trim());
    }

    public async Task<SecretStatus> StatusAsync(CancellationToken cancellationToken) =>
        await store.ReadSavedAsync<Value>(setting, cancellationToken) is { } saved
            ? new SecretStatus(SecretSource.Saved, saved.Stamp, saved.Problem?.Message)
            : new SecretStatus(string.IsNullOrWhiteSpace(configured()) ? SecretSource.None : SecretSource.Configuration, null, null);

    /// <summary>Saves the secret, encrypted; the caller has checked it.</summary>
    public Task SaveAsync(string secret, string changedBy, CancellationToken cancellationToken) =>
        store.SaveAsync(setting, new Value(secret), changedBy, cancellationToken);

    /// <summary>Forgets the saved secret: the configured one, if any, is used again.</summary>
    public Task<bool> RemoveAsync(CancellationToken cancellationToken) => store.RemoveAsync(setting, cancellationToken);

    /// <summary>Whether a typed secret is one piece of text: long enough, without spaces or control characters.</summary>
    public static bool IsPlausible(string? secret, int minLength, int maxLength) =>
        secret is not null && secret.Length >= minLength && secret.Length <= maxLength && !secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    private sealed record Value(string Secret);
}
