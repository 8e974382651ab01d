using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace MigrationTracker.Workers.GitHub;

/// <summary>Encrypts repository secrets for storage in <c>Credential.ProtectedSecret</c> and reads them back.</summary>
public sealed class CredentialProtector(IDataProtectionProvider provider)
{
    /// <summary>Changing this makes every stored credential unreadable: keep it.</summary>
    public const string Purpose = "MigrationTracker.Credentials.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return _protector.Protect(secret);
    }

    /// <summary>The plain secret; throws <see cref="CredentialUnreadableException"/> when the keys that protected it are gone.</summary>
    public string Unprotect(string protectedSecret, string credentialName)
    {
        ArgumentException.ThrowIfNullOrEmpty(protectedSecret);
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException ex)
        {
            // The inner exception names only the key id, never the secret.
            throw new CredentialUnreadableException(
                $"The stored credential '{credentialName}' cannot be decrypted: the data-protection keys (folder 'keys' in the data folder) are not the ones it was saved with. Enter the secret again.",
                ex);
        }
    }
}

/// <summary>A stored credential whose encryption keys are no longer available.</summary>
public sealed class CredentialUnreadableException(string message, Exception innerException) : Exception(message, innerException);
