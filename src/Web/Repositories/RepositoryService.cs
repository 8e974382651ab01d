using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Hangfire;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Repositories;
using MigrationTracker.Web.Security;
using MigrationTracker.Workers.GitHub;
using MigrationTracker.Workers.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Web.Repositories;

/// <summary>What a user asks to track: the location as typed, and optionally a name, a team (by name; created when new) and a token.</summary>
public sealed record NewRepository(string Location, string? Name = null, string? TeamName = null, string? Token = null);

/// <summary>The outcome of an action on a repository: done, or refused with a message for the user.</summary>
public sealed record RepositoryActionResult(int? RepositoryId, string? Error)
{
    public bool Succeeded => Error is null;

    public static RepositoryActionResult Done(int repositoryId) => new(repositoryId, null);

    public static RepositoryActionResult Refused(string error) => new(null, error);
}

/// <summary>The latest history backfill of a repository and how far it has come.</summary>
public sealed record BackfillProgress(int Id, BackfillStatus Status, BackfillGranularity Granularity, DateTime? Since, int Done, int Total, DateTime? CurrentCommitTime, string? LastError, DateTime? FinishedAt)
{
    public bool IsActive => Status is BackfillStatus.Queued or BackfillStatus.Running;

    /// <summary>0 to 100; 0 while the plan is not known yet.</summary>
    public double Percent => Total == 0 ? 0 : Math.Min(100, 100.0 * Done / Total);
}

/// <summary>One line of the Repositories page.</summary>
public sealed record RepositoryRow(
    int Id,
    string Name,
    RepositoryKind Kind,
    string Location,
    string? TeamName,
    RepositoryStatus Status,
    string? StatusDetail,
    string? LastError,
    DateTime? LastErrorAt,
    DateTime? LastSyncedAt,
    string? LastSyncedCommit,
    string? DefaultBranch,
    bool HasCredential,
    int Drivers,
    BackfillProgress? Backfill)
{
    /// <summary>Whether a job is (or may soon be) changing this row, so the page should keep refreshing it.</summary>
    /// <summary>A sync or backfill is queued or running: the list keeps refreshing. A new repository waits for its first sync.</summary>
    public bool IsBusy => Status is RepositoryStatus.Syncing or RepositoryStatus.New || Backfill?.IsActive == true;
}

/// <summary>
/// Adds repositories to track and starts their jobs: checks the typed location, refuses duplicates,
/// stores the row (with its team and an encrypted token), schedules the recurring sync and queues a
/// first one. Reads what the Repositories page shows. Every action takes the user and refuses anyone
/// but an Administrator, whatever the page showed them.
/// </summary>
public sealed partial class RepositoryService(
    IDbContextFactory<TrackerDbContext> contextFactory,
    IOptions<RepositoryOptions> options,
    CredentialProtector protector,
    SyncSchedules schedules,
    Backfills backfills,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    ILogger<RepositoryService> logger)
{
    public const int MaxNameLength = 200;

    /// <summary>Checks a typed location against the settings without storing anything (for inline validation).</summary>
    public RepositoryLocationResult Check(string? location) =>
        RepositoryLocation.Parse(location, RepositoryLocationRules.From(options.Value, Directory.Exists));

    public async Task<RepositoryActionResult> AddAsync(ClaimsPrincipal user, NewRepository request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Refuse(user, "add repositories") is { } refused)
        {
            return refused;
        }

        var checkedLocation = Check(request.Location);
        if (checkedLocation.Location is not { } location)
        {
            return RepositoryActionResult.Refused(checkedLocation.Error!);
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? location.SuggestedName : request.Name.Trim();
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return RepositoryActionResult.Refused($"The name must be one line of at most {MaxNameLength} characters. Leave it empty to use '{location.SuggestedName}'.");
        }

        var token = string.IsNullOrWhiteSpace(request.Token) ? null : request.Token.Trim();
        if (token is not null && location.Kind != RepositoryKind.GitHub)
        {
            return RepositoryActionResult.Refused(
                "A token is used only for GitHub repositories (owner/name). Leave the token empty: a local path needs none, and other servers are fetched with this machine's access (a public https address, or ssh).");
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await DuplicateOfAsync(context, location, cancellationToken) is { } existing)
        {
            return RepositoryActionResult.Refused($"{location.Location} is already tracked as '{existing}'. Use Sync now on that repository instead of adding it again.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var repository = new Repository
        {
            Name = name,
            Kind = location.Kind,
            Location = location.Location,
            Status = RepositoryStatus.New,
            StatusDetail = "Waiting for its first sync",
            CreatedAt = now,
        };

        if (!string.IsNullOrWhiteSpace(request.TeamName))
        {
            var team = await TeamAsync(context, request.TeamName.Trim(), now, cancellationToken);
            if (team is null)
            {
                return RepositoryActionResult.Refused($"The team name must be one line of at most {MaxNameLength} characters with at least one letter or digit.");
            }

            repository.Team = team;
        }

        if (token is not null)
        {
            repository.Credential = new Credential
            {
                Name = $"GitHub token for {location.Location}",
                Kind = CredentialKind.GitHubToken,
                ProtectedSecret = protector.Protect(token),
                CreatedAt = now,
            };
        }

        context.Repositories.Add(repository);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Two people adding the same repository at once: the unique index stops the second.
            logger.LogWarning(ex, "Adding repository {Location} ({Kind}) failed", location.Location, location.Kind);
            return RepositoryActionResult.Refused($"{location.Location} could not be stored: it was probably added a moment ago by someone else. Reload the page to see it.");
        }

        schedules.Schedule(repository.Id, repository.SyncIntervalMinutes);
        jobs.Enqueue<IRepositorySyncJob>(JobQueues.Default, job => job.RunAsync(repository.Id, CancellationToken.None));
        logger.LogInformation("Repository {RepositoryId} ({Name}, {Kind} {Location}) added; first sync queued", repository.Id, repository.Name, repository.Kind, repository.Location);
        return RepositoryActionResult.Done(repository.Id);
    }

    public async Task<RepositoryActionResult> SyncNowAsync(ClaimsPrincipal user, int repositoryId, CancellationToken cancellationToken)
    {
        if (Refuse(user, "start a sync") is { } refused)
        {
            return refused;
        }

        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var repository = await context.Repositories.FindAsync([repositoryId], cancellationToken);
        if (repository is null)
        {
            return RepositoryActionResult.Refused($"Repository {repositoryId} no longer exists. Reload the page.");
        }

        jobs.Enqueue<IRepositorySyncJob>(JobQueues.Default, job => job.RunAsync(repositoryId, CancellationToken.None));
        if (repository.Status != RepositoryStatus.Syncing)
        {
            repository.StatusDetail = "Sync queued";
            await context.SaveChangesAsync(cancellationToken);
        }

        return RepositoryActionResult.Done(repositoryId);
    }

    public async Task<RepositoryActionResult> StartBackfillAsync(ClaimsPrincipal user, int repositoryId, DateTime? since, BackfillGranularity granularity, CancellationToken cancellationToken)
    {
        if (Refuse(user, "start a backfill") is { } refused)
        {
            return refused;
        }

        if (!Enum.IsDefined(granularity))
        {
            return RepositoryActionResult.Refused("Choose how much history to scan: every commit, daily or weekly.");
        }

        var today = clock.GetUtcNow().UtcDateTime.Date;
        if (since is { } date && DateTime.SpecifyKind(date, DateTimeKind.Utc).Date > today)
        {
            return RepositoryActionResult.Refused($"The start date {date:yyyy-MM-dd} is in the future. Choose a date up to today, or none to scan back to the first commit.");
        }

        await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await context.Repositories.AnyAsync(r => r.Id == repositoryId, cancellationToken))
            {
                return RepositoryActionResult.Refused($"Repository {repositoryId} no longer exists. Reload the page.");
            }

            if (await context.BackfillRuns.AnyAsync(b => b.RepositoryId == repositoryId && (b.Status == BackfillStatus.Queued || b.Status == BackfillStatus.Running), cancellationToken))
            {
                return RepositoryActionResult.Refused("A backfill of this repository is already queued or running. Wait for it to finish; its progress is shown in the list.");
            }
        }

        var sinceUtc = since is { } value ? DateTime.SpecifyKind(value.Date, DateTimeKind.Utc) : (DateTime?)null;
        var run = await backfills.StartAsync(repositoryId, sinceUtc, granularity, cancellationToken);
        logger.LogInformation("Backfill {BackfillRunId} of repository {RepositoryId} queued (since {Since}, {Granularity})", run.Id, repositoryId, sinceUtc, granularity);
        return RepositoryActionResult.Done(repositoryId);
    }

    public async Task<IReadOnlyList<RepositoryRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var repositories = await context.Repositories.AsNoTracking()
            .OrderBy(r => r.Name)
            .Select(r => new
            {
                r.Id,
                r.Name,
                r.Kind,
                r.Location,
                Team = r.Team == null ? null : r.Team.Name,
                r.Status,
                r.StatusDetail,
                r.LastError,
                r.LastErrorAt,
                r.LastSyncedAt,
                r.LastSyncedCommit,
                r.DefaultBranch,
                HasCredential = r.CredentialId != null,
                Drivers = r.Drivers.Count(d => d.RemovedAt == null),
            })
            .ToListAsync(cancellationToken);

        var latestIds = await context.BackfillRuns.AsNoTracking()
            .GroupBy(b => b.RepositoryId)
            .Select(g => g.Max(b => b.Id))
            .ToListAsync(cancellationToken);
        var latest = await context.BackfillRuns.AsNoTracking()
            .Where(b => latestIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.RepositoryId, cancellationToken);

        return [.. repositories.Select(r => new RepositoryRow(
            r.Id, r.Name, r.Kind, r.Location, r.Team, r.Status, r.StatusDetail, r.LastError, r.LastErrorAt, r.LastSyncedAt, r.LastSyncedCommit, r.DefaultBranch, r.HasCredential, r.Drivers,
            latest.TryGetValue(r.Id, out var run)
                ? new BackfillProgress(run.Id, run.Status, run.Granularity, run.Since, run.Done, run.Total, run.CurrentCommitTime, run.LastError, run.FinishedAt)
                : null))];
    }

    public async Task<IReadOnlyList<string>> TeamNamesAsync(CancellationToken cancellationToken)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await context.Teams.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
    }

    /// <summary>A refusal for anyone but an Administrator; the page hides these actions from them, so reaching here means a stale or forged request.</summary>
    private RepositoryActionResult? Refuse(ClaimsPrincipal user, string action)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.CanAdminister())
        {
            return null;
        }

        logger.LogWarning("{User} may not {Action}: not an Administrator", user.ChangedBy(), action);
        return RepositoryActionResult.Refused($"Only administrators {action}. Ask an administrator to do it.");
    }

    private static async Task<string?> DuplicateOfAsync(TrackerDbContext context, RepositoryLocation location, CancellationToken cancellationToken)
    {
        // Few enough rows to compare in memory, and the comparison (case, .git, slashes) is not one SQL can make on both providers.
        var sameKind = await context.Repositories.AsNoTracking()
            .Where(r => r.Kind == location.Kind)
            .Select(r => new { r.Name, r.Location })
            .ToListAsync(cancellationToken);
        return sameKind.FirstOrDefault(r => RepositoryLocation.DuplicateKeyOf(location.Kind, r.Location) == location.DuplicateKey)?.Name;
    }

    private static async Task<Team?> TeamAsync(TrackerDbContext context, string name, DateTime now, CancellationToken cancellationToken)
    {
        var lower = name.ToLowerInvariant();
        // Teams are few: compared in memory, case-insensitively, the same way on both providers.
        var teams = await context.Teams.ToListAsync(cancellationToken);
        var team = teams.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        if (team is not null)
        {
            return team;
        }

        var slug = NotSlug().Replace(lower, "-").Trim('-');
        if (name.Length > MaxNameLength || name.Any(char.IsControl) || slug.Length == 0)
        {
            return null;
        }

        slug = slug.Length > 90 ? slug[..90] : slug;
        var taken = teams.Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        var unique = slug;
        for (var n = 2; taken.Contains(unique); n++)
        {
            unique = string.Create(CultureInfo.InvariantCulture, $"{slug}-{n}");
        }

        team = new Team { Name = name, Slug = unique, CreatedAt = now };
        context.Teams.Add(team);
        return team;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
