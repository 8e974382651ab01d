using System.Security.Cryptography;
using System.Text.Json;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Secrets;

/// <summary>
/// Settings made in the browser that hold secrets, stored as encrypted JSON in <see cref="ProtectedSetting"/>.
/// Each setting is encrypted for its own name, so a value copied to another row cannot be read there.
/// </summary>
public sealed class ProtectedSettings(IDbContextFactory<TrackerDbContext> contextFactory, IDataProtectionProvider provider, TimeProvider clock)
{
    /// <summary>Changing this makes every stored setting unreadable: keep it.</summary>
    public const string Purpose = "MigrationTracker.Settings.v1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>The saved value, or null when nothing is saved under <paramref name="name"/>.</summary>
    /// <exception cref="ProtectedSettingUnreadableException">The keys that encrypted it are gone, or the value was altered.</exception>
    public async Task<T?> ReadAsync<T>(string name, CancellationToken cancellationToken)
        where T : class
    {
        var saved = await ReadSavedAsync<T>(name, cancellationToken);
        return saved?.Problem is { } problem ? throw problem : saved?.Value;
    }

    /// <summary>
    /// What is saved under <paramref name="name"/>, with when and by whom, in one read; null when nothing is. A value
    /// that cannot be decrypted comes back without it and with the reason in <see cref="SavedSetting{T}.Problem"/>.
    /// </summary>
    public async Task<SavedSetting<T>?> ReadSavedAsync<T>(string name, CancellationToken cancellationToken)
        where T : class
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await context.ProtectedSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var stamp = new SettingStamp(stored.UpdatedAt, stored.UpdatedBy);
        try
        {
            return new SavedSetting<T>(JsonSerializer.Deserialize<T>(_protector.CreateProtector(name).Unprotect(stored.ProtectedValue), Json), stamp, null);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            // Neither exception holds the plain value: the first names a key id, the second a position.
            return new SavedSetting<T>(null, stamp, new ProtectedSettingUnreadableException(
                $"The saved setting '{name}' cannot be decrypted: the data-protection keys (DataProtection:Keys, the 'keys' folder of the data folder by default) are not the ones it was saved with. Enter it again on the Settings page.",
                ex));
        }
    }

    /// <summary>Saves (or replaces) a setting, encrypted.</summary>
    public async Task SaveAsync<T>(string name, T value, string changedBy, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        var protectedValue = _protector.CreateProtector(name).Protect(JsonSerializer.Serialize(value, Json));
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await context.ProtectedSettings.SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (stored is null)
        {
            stored = new ProtectedSetting { Name = name, ProtectedValue = protectedValue, UpdatedBy = changedBy };
            context.ProtectedSettings.Add(stored);
        }

        stored.ProtectedValue = protectedValue;
        stored.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        stored.UpdatedBy = changedBy;
        await context.SaveChangesAsync(cancellationToken);
    }

    /// <returns>False when nothing was saved under <paramref name="name"/>.</returns>
    public async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.ProtectedSettings.Where(s => s.Name == name).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}

/// <summary>When a setting was saved and by whom.</summary>
public sealed record SettingStamp(DateTime UpdatedAt, string UpdatedBy);

/// <summary>A saved setting: its value (null when it cannot be read), when it was saved, and why it cannot be read, if so.</summary>
public sealed record SavedSetting<T>(T? Value, SettingStamp Stamp, ProtectedSettingUnreadableException? Problem)
    where T : class;

/// <summary>A saved setting whose encryption keys are no longer available.</summary>
public sealed class ProtectedSettingUnreadableException(string message, Exception innerException) : Exception(message, innerException);

/// <summary>A setting entered in the browser that cannot be used; the message names the field and what to enter.</summary>
public sealed class SettingRejectedException(string message) : Exception(message);
