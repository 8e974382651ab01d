using System.Security.Cryptography;
using System.Text;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Security;

/// <summary>
/// Creates, checks, lists and revokes the keys CI systems use to post build results. Only the key's
/// prefix and a SHA-256 hash of the whole key are stored; the plaintext exists once, in the answer to
/// <see cref="CreateAsync"/>.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<TrackerDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>Every key starts with this, so secret scanners and people recognise it.</summary>
    public const string KeyStart = "mt_";

    public const int PrefixLength = 8;

    public const int SecretLength = 40;

    public const int MaxNameLength = 200;

    // Letters and digits only: the key survives shells, URLs and YAML without quoting, and '_' stays a separator.
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Creates a key, optionally limited to one repository, and returns its plaintext: the only time it exists.</summary>
    /// <exception cref="ApiKeyException">The name is empty, too long or taken, or the repository does not exist.</exception>
    public Task<CreatedApiKey> CreateAsync(string name, int? repositoryId, CancellationToken cancellationToken) =>
        CreateAsync(name, repositoryId, teamSlug: null, cancellationToken);

    /// <summary>Creates a key limited to one repository, or to the repositories of one team (by its slug), or neither.</summary>
    /// <exception cref="ApiKeyException">The name is empty, too long or taken, the repository or team does not exist, or both scopes are given.</exception>
    public async Task<CreatedApiKey> CreateAsync(string name, int? repositoryId, string? teamSlug, CancellationToken cancellationToken)
    {
        name = ValidateName(name);

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await context.ApiKeys.AnyAsync(k => k.Name == name, cancellationToken))
        {
            throw new ApiKeyException($"An API key named '{name}' exists already. Choose another name, or revoke the old key first and create the new one under another name.");
        }

        string? repositoryName = null;
        if (repositoryId is { } id)
        {
            repositoryName = await context.Repositories.Where(r => r.Id == id).Select(r => r.Name).SingleOrDefaultAsync(cancellationToken)
                ?? throw new ApiKeyException($"No repository has id {id}. Give the id of a repository the product tracks, or leave the scope out for a key valid for every repository.");
        }

        int? teamId = null;
        string? teamName = null;
        if (teamSlug is not null)
        {
            if (repositoryId is not null)
            {
                throw new ApiKeyException("Limit a key to one repository or to one team, not both.");
            }

            var team = await context.Teams.Where(t => t.Slug == teamSlug).Select(t => new { t.Id, t.Name }).SingleOrDefaultAsync(cancellationToken)
                ?? throw new ApiKeyException($"No team has the slug '{teamSlug}'. Give a team's slug as shown on the Teams page.");
            (teamId, teamName) = (team.Id, team.Name);
        }

        string prefix;
        do
        {
            prefix = RandomNumberGenerator.GetString(Alphabet, PrefixLength);
        }
        while (await context.ApiKeys.AnyAsync(k => k.Prefix == prefix, cancellationToken));

        var key = $"{KeyStart}{prefix}_{RandomNumberGenerator.GetString(Alphabet, SecretLength)}";
        var entity = new ApiKey
        {
            Name = name,
            Prefix = prefix,
            SecretHash = Hash(key),
            RepositoryId = repositoryId,
            TeamId = teamId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        context.ApiKeys.Add(entity);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another process took the name (or, far less likely, the prefix) between the check and the insert.
            throw new ApiKeyException($"An API key named '{name}' could not be stored: the name or prefix was taken at the same moment. Try again.", ex);
        }

        return new CreatedApiKey(ApiKeyInfo.From(entity, repositoryName, teamName), key);
    }

    /// <summary>
    /// Checks a key as presented by a client. Valid keys get their last-used time updated. The answer
    /// never says which part was wrong beyond unknown or revoked, so a caller learns nothing about other keys.
    /// </summary>
    public async Task<ApiKeyCheck> VerifyAsync(string? key, CancellationToken cancellationToken)
    {
        if (!TryReadPrefix(key, out var prefix))
        {
            return ApiKeyCheck.Unknown;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await context.ApiKeys.SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (stored is null)
        {
            return ApiKeyCheck.Unknown;
        }

        var expected = Convert.FromHexString(stored.SecretHash);
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(key!));
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return ApiKeyCheck.Unknown;
        }

        if (stored.RevokedAt is not null)
        {
            return new ApiKeyCheck(ApiKeyCheckOutcome.Revoked, ApiKeyInfo.From(stored, null));
        }

        stored.LastUsedAt = clock.GetUtcNow().UtcDateTime;
        await context.SaveChangesAsync(cancellationToken);
        return new ApiKeyCheck(ApiKeyCheckOutcome.Valid, ApiKeyInfo.From(stored, null));
    }

    /// <summary>Every key, revoked ones included, by name.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await context.ApiKeys.AsNoTracking()
            .OrderBy(k => k.Name)
            .Select(k => new
            {
                Key = k,
                RepositoryName = context.Repositories.Where(r => r.Id == k.RepositoryId).Select(r => r.Name).FirstOrDefault(),
                TeamName = context.Teams.Where(t => t.Id == k.TeamId).Select(t => t.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => ApiKeyInfo.From(r.Key, r.RepositoryName, r.TeamName))];
    }

    /// <summary>The repositories a key can be limited to, by name.</summary>
    public async Task<IReadOnlyList<RepositoryChoice>> RepositoriesAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Repositories.AsNoTracking().OrderBy(r => r.Name).Select(r => new RepositoryChoice(r.Id, r.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes the key with this name; revoking a revoked key keeps its first revocation time.</summary>
    /// <exception cref="ApiKeyException">No key has this name.</exception>
    public async Task<ApiKeyInfo> RevokeAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim();

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await context.ApiKeys.SingleOrDefaultAsync(k => k.Name == name, cancellationToken)
            ?? throw new ApiKeyException($"No API key is named '{name}'. 'apikey list' shows the names.");
        stored.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await context.SaveChangesAsync(cancellationToken);
        return ApiKeyInfo.From(stored, null);
    }

    /// <summary>SHA-256 of the whole key, lower-case hex, as stored in <see cref="ApiKey.SecretHash"/>.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static bool TryReadPrefix(string? key, out string prefix)
    {
        prefix = string.Empty;
        if (key is null
            || key.Length != KeyStart.Length + PrefixLength + 1 + SecretLength
            || !key.StartsWith(KeyStart, StringComparison.Ordinal)
            || key[KeyStart.Length + PrefixLength] != '_')
        {
            return false;
        }

        prefix = key.Substring(KeyStart.Length, PrefixLength);
        return prefix.All(Alphabet.Contains);
    }

    private static string ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = name.Trim();
        if (name.Length == 0)
        {
            throw new ApiKeyException("An API key needs a name, for example the CI system that will use it ('jenkins-drivers').");
        }

        if (name.Length > MaxNameLength)
        {
            throw new ApiKeyException($"The API key name is {name.Length} characters long; at most {MaxNameLength} are allowed.");
        }

        return name;
    }
}

/// <summary>A repository a key can be limited to.</summary>
public sealed record RepositoryChoice(int Id, string Name);

/// <summary>A key just created: its description and the plaintext, which is not stored anywhere.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>What may be shown about a key: never its secret or hash.</summary>
public sealed record ApiKeyInfo(
    int Id,
    string Name,
    string Prefix,
    int? RepositoryId,
    string? RepositoryName,
    DateTime CreatedAt,
    DateTime? LastUsedAt,
    DateTime? RevokedAt,
    int? TeamId = null,
    string? TeamName = null)
{
    public bool IsRevoked => RevokedAt is not null;

    internal static ApiKeyInfo From(ApiKey key, string? repositoryName, string? teamName = null) =>
        new(key.Id, key.Name, key.Prefix, key.RepositoryId, repositoryName, key.CreatedAt, key.LastUsedAt, key.RevokedAt, key.TeamId, teamName);
}

public enum ApiKeyCheckOutcome
{
    /// <summary>Malformed, no such prefix, or the secret does not match.</summary>
    Unknown = 0,
    Revoked = 1,
    Valid = 2,
}

/// <summary>The answer to <see cref="ApiKeyStore.VerifyAsync"/>; <see cref="Key"/> is set for valid and revoked keys.</summary>
public sealed record ApiKeyCheck(ApiKeyCheckOutcome Outcome, ApiKeyInfo? Key)
{
    public static readonly ApiKeyCheck Unknown = new(ApiKeyCheckOutcome.Unknown, null);
}

/// <summary>A request about API keys the user can fix; the message says how.</summary>
public sealed class ApiKeyException : Exception
{
    public ApiKeyException(string message)
        : base(message)
    {
    }

    public ApiKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ApiKeyException()
    {
    }
}
