using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Tests.ScaleOut;
using MigrationTracker.Workers.Tests.Sync;

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// The PostgreSQL server goes away under a worker process in the middle of a backfill and comes back,
/// on a cluster of the test's own, so that stopping it disturbs no other test.
/// </summary>
[Collection(FaultTests.Name)]
public sealed partial class PostgresOutageTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(40);

    private readonly TemporaryDirectory _folder = new("mt-pg-outage");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static ITestOutputHelper? Log => TestContext.Current.TestOutputHelper;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_backfill_whose_database_stops_and_starts_again_is_retried_from_its_checkpoint_and_stores_what_an_undisturbed_backfill_stores()
    {
        var history = DriverHistories.Long(_folder.Combine("long"), commits: 100);
        history.Dispose();

        await using var cluster = await ThrowawayPostgres.StartAsync(Cancel);
        await using var outage = await ScaleOutDatabase.CreateAsync(Cancel, cluster.AdminConnectionString);
        await using var reference = await ScaleOutDatabase.CreateAsync(Cancel);

        var worker = outage.StartWorker("worker-1");
        var uninterrupted = reference.StartWorker("reference");
        await outage.WaitUntilServingAsync(worker, "worker-1", StartTimeout);
        await reference.WaitUntilServingAsync(uninterrupted, "reference", StartTimeout);
        var runId = await outage.StartBackfillAsync(await outage.AddLocalRepositoryAsync("long", history.Path, Cancel), Cancel);
        var referenceRun = await reference.StartBackfillAsync(await reference.AddLocalRepositoryAsync("long", history.Path, Cancel), Cancel);

        // Stop the server once a few commits are done, well before the end.
        var clock = Stopwatch.StartNew();
        BackfillRun run;
        do
        {
            run = await outage.RunAsync(runId, Cancel);
            await Task.Delay(20, Cancel);
        }
        while (run.Done < 5 && run.Status is BackfillStatus.Queued or BackfillStatus.Running && clock.Elapsed < TimeSpan.FromSeconds(60) && !worker.HasExited);

        await cluster.StopServerAsync(Cancel);
        try
        {
            Log?.WriteLine($"PostgreSQL stopped at {run.Done}/{run.Total} after {clock.Elapsed.TotalSeconds:0.0} s");
            run.Status.ShouldBe(BackfillStatus.Running, outage.WorkersOutput);
            run.Done.ShouldBeLessThan(run.Total - 10, "the backfill was nearly over before the server stopped");

            // The worker says so in its log, and its health check answers "unhealthy" with the reason, while it stays up.
            await worker.WaitForOutputAsync($"Failed to connect to 127.0.0.1:{new Npgsql.NpgsqlConnectionStringBuilder(outage.ConnectionString).Port}", TimeSpan.FromSeconds(60));
            var (healthCode, healthOutput) = await CheckHealthAsync(outage.ConnectionString);
            healthCode.ShouldBe(1, healthOutput);
            healthOutput.ShouldContain("Unhealthy: PostgreSQL database");
            healthOutput.ShouldContain("does not answer");
            worker.HasExited.ShouldBeFalse(worker.Output);
        }
        finally
        {
            await cluster.StartServerAsync(CancellationToken.None);
        }

        clock.Restart();
        var failures = await outage.WaitUntilSucceededAsync([runId], TimeSpan.FromSeconds(150), () => $"{outage.WorkersOutput}{Environment.NewLine}{cluster.ServerLog}", Cancel);
        Log?.WriteLine($"finished {clock.Elapsed.TotalSeconds:0.0} s after the server started again; failures seen: {string.Join("; ", failures)}");
        (await reference.WaitUntilSucceededAsync([referenceRun], TimeSpan.FromSeconds(60), () => reference.WorkersOutput, Cancel)).ShouldBeEmpty();
        (await CheckHealthAsync(outage.ConnectionString)).Code.ShouldBe(0);

        // Hangfire retried the failed job, which resumed after the last commit it had recorded rather than starting over.
        run = await outage.RunAsync(runId, Cancel);
        (run.Status, run.Done, run.Total, run.LastError).ShouldBe((BackfillStatus.Succeeded, history.Commits.Count, history.Commits.Count, null));
        var states = outage.JobStates(run.JobId!);
        states.ShouldContain("Scheduled", $"a retry: {string.Join(" → ", states)}");
        states[^1].ShouldBe("Succeeded");
        worker.Output.ShouldContain("Retry attempt 1 of");
        var resumed = ResumeLine().Match(worker.Output);
        resumed.Success.ShouldBeTrue($"the retry should say where it resumes:{Environment.NewLine}{worker.Output}");
        int.Parse(resumed.Groups["at"].Value, CultureInfo.InvariantCulture).ShouldBeGreaterThan(5, "the checkpoint survives the outage");
        worker.HasExited.ShouldBeFalse("the worker process rode out the outage");

        var integrity = await outage.IntegrityAsync(Cancel);
        integrity.Count.ShouldBe(history.Commits.Sum(c => c.Projects.Length));
        integrity.Distinct.ShouldBe(integrity.Count, "no (driver, commit) twice");
        integrity.MissingDetails.ShouldBeEmpty();
        StoredContents.ShouldMatch(await outage.SnapshotLinesAsync(Cancel), await reference.SnapshotLinesAsync(Cancel), "snapshots");
        StoredContents.ShouldMatch(await outage.DriverLinesAsync(Cancel), await reference.DriverLinesAsync(Cancel), "drivers");
        StoredContents.ShouldMatch(await outage.ScannedCommitLinesAsync(Cancel), await reference.ScannedCommitLinesAsync(Cancel), "scanned commits");
    }

    /// <summary>The worker executable's <c>--check-health</c>, as a container orchestrator runs it.</summary>
    private async Task<(int Code, string Output)> CheckHealthAsync(string connectionString)
    {
        await using var probe = ProductProcess.RunWorkersCommand(_folder.Combine("probe"), ["--check-health"], new Dictionary<string, string?>
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Tracker"] = connectionString,
            ["Storage__DataDirectory"] = _folder.Combine("probe", "data"),
        });
        var code = await probe.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, probe.Output);
    }

    [GeneratedRegex(@"Backfill \d+ resumes at commit (?<at>\d+) of")]
    private static partial Regex ResumeLine();
}
