using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Core.Repositories;
using MigrationTracker.Core.Storage;
using MigrationTracker.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Sync;

/// <summary>
/// <c>sync</c> and <c>backfill</c> from the command line, run in this process against the configured
/// database (the same work the jobs do): to import a repository's history before the first start,
/// or to measure it. The repository is added when it is not tracked yet.
/// </summary>
public static class HistoryCommands
{
    public static readonly string[] Names = ["sync", "backfill"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var repositoryOption = new Option<string>("--repository") { Description = "A local path or git URL.", Required = true };
        var nameOption = new Option<string?>("--name") { Description = "Name shown in the dashboard (default: the folder or repository name)." };
        var sinceOption = new Option<DateTime?>("--since") { Description = "Backfill: oldest commit date to include (default: the first commit)." };
        var granularityOption = new Option<string>("--granularity") { Description = "Backfill: every-commit, daily or weekly.", DefaultValueFactory = _ => "weekly" };
        granularityOption.AcceptOnlyFromAmong("every-commit", "daily", "weekly");

        var sync = new Command("sync", "Fetch the repository and scan its new commits.") { repositoryOption, nameOption };
        var backfill = new Command("backfill", "Scan the repository's history back to a date or the first commit.") { repositoryOption, nameOption, sinceOption, granularityOption };
        var root = new RootCommand("Repository history") { sync, backfill };
        root.TreatUnmatchedTokensAsErrors = false;

        sync.SetAction((parse, cancellationToken) => WithHostAsync(parse.UnmatchedTokens, output, error, async (services, repository) =>
        {
            var clock = Stopwatch.StartNew();
            await services.GetRequiredService<IRepositorySyncJob>().RunAsync(repository.Id, cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sync job finished in {clock.Elapsed.TotalSeconds:0.00} s"));
            return await ReportAsync(services, repository.Id, output, error, cancellationToken);
        }, parse.GetValue(repositoryOption)!, parse.GetValue(nameOption), cancellationToken));

        backfill.SetAction((parse, cancellationToken) => WithHostAsync(parse.UnmatchedTokens, output, error, async (services, repository) =>
        {
            var granularity = parse.GetValue(granularityOption) switch
            {
                "every-commit" => BackfillGranularity.EveryCommit,
                "daily" => BackfillGranularity.Daily,
                _ => BackfillGranularity.Weekly,
            };
            var since = parse.GetValue(sinceOption) is { } date ? DateTime.SpecifyKind(date, DateTimeKind.Utc) : (DateTime?)null;
            var contextFactory = services.GetRequiredService<IDbContextFactory<TrackerDbContext>>();
            int runId;
            await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                var now = DateTime.UtcNow;
                var run = new BackfillRun { RepositoryId = repository.Id, Since = since, Granularity = granularity, CreatedAt = now, UpdatedAt = now };
                context.BackfillRuns.Add(run);
                await context.SaveChangesAsync(cancellationToken);
                runId = run.Id;
            }

            var clock = Stopwatch.StartNew();
            await services.GetRequiredService<IBackfillJob>().RunAsync(runId, cancellationToken);
            await using (var context = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                var run = await context.BackfillRuns.AsNoTracking().SingleAsync(b => b.Id == runId, cancellationToken);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Backfill {run.Status}: {run.Done} of {run.Total} commit(s) ({granularity}) in {clock.Elapsed.TotalSeconds:0.0} s"));
                if (run.LastError is not null)
                {
                    error.WriteLine(run.LastError);
                }
            }

            return await ReportAsync(services, repository.Id, output, error, cancellationToken);
        }, parse.GetValue(repositoryOption)!, parse.GetValue(nameOption), cancellationToken));

        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static async Task<int> WithHostAsync(
        IReadOnlyList<string> settings,
        TextWriter output,
        TextWriter error,
        Func<IServiceProvider, Repository, Task<int>> action,
        string location,
        string? name,
        CancellationToken cancellationToken)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder([.. settings]);
            builder.Configuration.AddInMemoryCollection([new("Jobs:RunServer", "false")]);
            var storage = builder.AddTrackerDatabase();
            builder.AddTrackerJobs(storage, SchemaRole.Migrate);
            using var host = builder.Build();

            // The same check as the Repositories page: an address git would read as an option or a helper command,
            // with credentials in it, or a folder outside Repositories:LocalRoots is refused before anything is stored.
            // Reading the settings checks them (RepositoryOptions.Problems): a wrong one ends here, below.
            var repositoryOptions = host.Services.GetRequiredService<IOptions<RepositoryOptions>>().Value;
            var checkedLocation = RepositoryLocation.Parse(location, RepositoryLocationRules.From(repositoryOptions, Directory.Exists));
            if (checkedLocation.Location is not { } repositoryLocation)
            {
                await error.WriteLineAsync(checkedLocation.Error);
                return 1;
            }

            await host.Services.GetRequiredService<DatabaseSchema>().MigrateAsync(cancellationToken);
            var repository = await FindOrAddAsync(host.Services, repositoryLocation, name, cancellationToken);
            output.WriteLine($"Repository {repository.Id}: {repository.Name} ({repository.Location}) in {storage.DisplayTarget}");
            return await action(host.Services, repository);
        }
        catch (ConfigurationErrorException ex)
        {
            await error.WriteLineAsync($"Cannot start: {ex.Message}");
            return 2;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"Cannot start: {string.Join(" ", ex.Failures)}");
            return 2;
        }
    }

    private static async Task<Repository> FindOrAddAsync(IServiceProvider services, RepositoryLocation location, string? name, CancellationToken cancellationToken)
    {
        await using var context = await services.GetRequiredService<IDbContextFactory<TrackerDbContext>>().CreateDbContextAsync(cancellationToken);

        // Compared as the Repositories page compares them (case, trailing .git and slashes aside), in memory: rows are few.
        var sameKind = await context.Repositories.Where(r => r.Kind == location.Kind).ToListAsync(cancellationToken);
        var existing = sameKind.FirstOrDefault(r => RepositoryLocation.DuplicateKeyOf(r.Kind, r.Location) == location.DuplicateKey);
        if (existing is not null)
        {
            return existing;
        }

        var repository = new Repository
        {
            Name = name ?? location.SuggestedName,
            Kind = location.Kind,
            Location = location.Location,
            CreatedAt = DateTime.UtcNow,
        };
        context.Repositories.Add(repository);
        await context.SaveChangesAsync(cancellationToken);
        return repository;
    }

    private static async Task<int> ReportAsync(IServiceProvider services, int repositoryId, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var context = await services.GetRequiredService<IDbContextFactory<TrackerDbContext>>().CreateDbContextAsync(cancellationToken);
        var repository = await context.Repositories.AsNoTracking().SingleAsync(r => r.Id == repositoryId, cancellationToken);
        var drivers = await context.Drivers.CountAsync(d => d.RepositoryId == repositoryId, cancellationToken);
        var snapshots = await context.Snapshots.CountAsync(s => s.Driver!.RepositoryId == repositoryId, cancellationToken);
        var commits = await context.Snapshots.Where(s => s.Driver!.RepositoryId == repositoryId).Select(s => s.CommitId).Distinct().CountAsync(cancellationToken);
        output.WriteLine($"{repository.Status}: {drivers} driver(s), {snapshots} snapshot(s) over {commits} commit(s); last synced {repository.LastSyncedCommit ?? "never"}");
        if (repository.LastError is not null)
        {
            error.WriteLine(repository.LastError);
        }

        return repository.Status is RepositoryStatus.Unreachable or RepositoryStatus.Failed ? 1 : 0;
    }
}
