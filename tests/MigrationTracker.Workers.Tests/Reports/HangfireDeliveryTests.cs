using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;

namespace MigrationTracker.Workers.Tests.Reports;

/// <summary>Deliveries run by a real Hangfire job server, as in the web process and the worker.</summary>
/// <remarks>
/// Alone, after the other tests: Hangfire keeps some settings per process (the current storage, activator and filters),
/// which hosts built by tests running at the same time would change under a running job server.
/// </remarks>
[Collection(nameof(RunsAlone))]
public sealed class HangfireDeliveryTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task The_job_server_sends_a_planned_delivery_and_does_not_retry_one_that_failed_all_its_attempts()
    {
        await using var world = await DeliveryWorld.CreateAsync(
            new Dictionary<string, string?>
            {
                ["Webhooks:0:Name"] = "chat",
                ["Webhooks:0:Url"] = _receiver.Url("hooks/chat"),
                ["Webhooks:0:Scopes:0"] = "*",
                ["Attempts"] = "2",
            },
            runServer: true);
        await world.AddTeamAsync("team-a", "Team A", null);
        var organisation = await world.StoreReportAsync(SampleReports.Small());
        var team = await world.StoreReportAsync(SampleReports.ForTeam("team-a", "Team A"));
        await world.Host.StartAsync(TestContext.Current.CancellationToken);

        // The first delivery to run meets two 503s and fails; the other is accepted.
        _receiver.AnswerNext(503, 503);
        var failing = (await world.Planner.PlanAsync(organisation, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
        await WaitForAsync(async () => (await world.DeliveryAsync(failing)).Status == DeliveryStatus.Failed);
        var accepted = (await world.Planner.PlanAsync(team, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
        await WaitForAsync(async () => (await world.DeliveryAsync(accepted)).Status == DeliveryStatus.Delivered);
        await WaitForAsync(() => Task.FromResult(world.JobCounts() is { Failed: 1, Succeeded: 1 }));

        // Hangfire records the failure but schedules no retry of its own: the delivery's attempts stay as the job counted them.
        world.JobCounts().Scheduled.ShouldBe(0);
        (await world.DeliveryAsync(failing)).Attempts.ShouldBe(2);
        _receiver.Accepted.ShouldHaveSingleItem();

        await world.Planner.RetryAsync(failing, TestContext.Current.CancellationToken);
        await WaitForAsync(async () => (await world.DeliveryAsync(failing)).Status == DeliveryStatus.Delivered);
        (await world.DeliveryAsync(failing)).Attempts.ShouldBe(3);
        _receiver.Accepted.Count.ShouldBe(2);
        await world.Host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(condition))] string? what = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"the job server did not get there within 30 seconds: {what}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}

[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;
