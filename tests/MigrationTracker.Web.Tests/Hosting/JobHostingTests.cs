using MigrationTracker.Testing;

namespace MigrationTracker.Web.Tests.Hosting;

/// <summary>Jobs survive restarts and reach whichever job server shares the storage.</summary>
public sealed class JobHostingTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_enqueued_while_no_job_server_runs_is_executed_after_the_next_start()
    {
        using var folder = new TemporaryDirectory("mt-web");
        using var http = new HttpClient();
        Guid probeId;
        await using (var withoutServer = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?> { ["Jobs__RunServer"] = "false" }))
        {
            await withoutServer.WaitUntilReadyAsync(http, StartTimeout);
            var probes = new ProbeClient(http, withoutServer.BaseAddress!);
            probeId = await probes.EnqueueAsync(Cancel);

            await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
            (await probes.GetAsync(probeId, Cancel))!.CompletedAt.ShouldBeNull("no job server runs, so nobody may have run the job");
            await withoutServer.StopAsync();
        }

        await using var withServer = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?> { ["Jobs__ServerName"] = "after-restart" });
        await withServer.WaitUntilReadyAsync(http, StartTimeout);

        var probe = await new ProbeClient(http, withServer.BaseAddress!)
            .WaitUntilCompletedAsync(probeId, TimeSpan.FromSeconds(60), () => withServer.Output, Cancel);
        probe.WorkerName.ShouldBe("after-restart");
        probe.ProcessId.ShouldBe(withServer.Id);
    }

    [Fact]
    public async Task On_PostgreSQL_a_standalone_worker_process_runs_a_job_enqueued_by_the_web_process()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync(Cancel);
        using var webFolder = new TemporaryDirectory("mt-web");
        using var workerFolder = new TemporaryDirectory("mt-workers");
        using var http = new HttpClient();
        var shared = new Dictionary<string, string?>
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Tracker"] = database.ConnectionString,
        };

        // The worker starts first, on a database without a schema: it must wait for the web process to migrate.
        await using var workers = ProductProcess.StartWorkers(workerFolder.Path, new Dictionary<string, string?>(shared)
        {
            ["Jobs__ServerName"] = "worker-1",
            ["Jobs__SchemaPollInterval"] = "00:00:00.500",
        });
        await workers.WaitForOutputAsync("Waiting for the web process", StartTimeout);

        await using var web = ProductProcess.StartWeb(webFolder.Path, new Dictionary<string, string?>(shared) { ["Jobs__RunServer"] = "false" });
        await web.WaitUntilReadyAsync(http, StartTimeout);

        var probes = new ProbeClient(http, web.BaseAddress!);
        var probeId = await probes.EnqueueAsync(Cancel);
        var probe = await probes.WaitUntilCompletedAsync(probeId, TimeSpan.FromSeconds(60), () => web.Output + Environment.NewLine + workers.Output, Cancel);

        probe.WorkerName.ShouldBe("worker-1");
        probe.ProcessId.ShouldBe(workers.Id);
        File.Exists(webFolder.Combine("data", "tracker.db")).ShouldBeFalse("on PostgreSQL nothing goes to SQLite");
        File.Exists(webFolder.Combine("data", "jobs.db")).ShouldBeFalse("on PostgreSQL the jobs live in PostgreSQL");
    }
}
