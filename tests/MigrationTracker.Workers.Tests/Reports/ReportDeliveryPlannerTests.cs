using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;

namespace MigrationTracker.Workers.Tests.Reports;

public sealed class ReportDeliveryPlannerTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private DeliveryWorld _world = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();

        // Nothing listens on the mail port: these tests plan mail deliveries but send only to webhooks.
        _world = await DeliveryWorld.CreateAsync(new Dictionary<string, string?>
        {
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = TestMailServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:From"] = "reports@contoso.com",
            ["Email:Recipients:organisation:0"] = "cto@contoso.com",
            ["Email:Recipients:organisation:1"] = "ana@contoso.com",
            ["Email:Recipients:team-a:0"] = "ana@contoso.com",
            ["Webhooks:0:Name"] = "chat",
            ["Webhooks:0:Url"] = _receiver.Url("hooks/chat"),
            ["Webhooks:1:Name"] = "team-a-room",
            ["Webhooks:1:Url"] = _receiver.Url("hooks/team-a"),
            ["Webhooks:1:Scopes:0"] = "team-a",
            ["Webhooks:2:Name"] = "archive",
            ["Webhooks:2:Url"] = _receiver.Url("hooks/archive"),
            ["Webhooks:2:Scopes:0"] = "*",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _world.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Each_destination_of_the_organisation_report_gets_one_pending_delivery_and_one_queued_job()
    {
        var reportId = await _world.StoreReportAsync(SampleReports.Small());

        var ids = await _world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken);

        var deliveries = await _world.DeliveriesAsync(reportId);
        deliveries.Select(d => (d.Channel, d.Target)).ShouldBe(
        [
            (DeliveryChannel.Email, "ana@contoso.com,cto@contoso.com"),
            (DeliveryChannel.Webhook, "chat"),
            (DeliveryChannel.Webhook, "archive"),
        ]);
        deliveries.ShouldAllBe(d => d.Status == DeliveryStatus.Pending && d.Attempts == 0);
        ids.ShouldBe(deliveries.Select(d => d.Id));
        _world.QueuedDeliveries().ShouldBe(ids, ignoreOrder: true);
    }

    [Fact]
    public async Task A_team_report_goes_to_its_team_recipients_and_the_webhooks_that_take_it()
    {
        await _world.AddTeamAsync("team-a", "Team A", "lead@contoso.com");
        var reportId = await _world.StoreReportAsync(SampleReports.ForTeam("team-a", "Team A"));

        await _world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken);

        (await _world.DeliveriesAsync(reportId)).Select(d => (d.Channel, d.Target)).ShouldBe(
        [
            (DeliveryChannel.Email, "ana@contoso.com,lead@contoso.com"),
            (DeliveryChannel.Webhook, "team-a-room"),
            (DeliveryChannel.Webhook, "archive"),
        ]);
    }

    [Fact]
    public async Task Planning_twice_makes_no_second_delivery_and_returns_the_same_ids()
    {
        var reportId = await _world.StoreReportAsync(SampleReports.Small());

        var first = await _world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken);
        var second = await _world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken);

        second.ShouldBe(first);
        (await _world.DeliveriesAsync(reportId)).Select(d => d.Id).ShouldBe(first);
    }

    [Fact]
    public async Task Planning_from_several_callers_at_once_makes_each_delivery_once()
    {
        var reportId = await _world.StoreReportAsync(SampleReports.Small());

        var plans = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken))));

        var deliveries = await _world.DeliveriesAsync(reportId);
        deliveries.Count.ShouldBe(3);
        plans.ShouldAllBe(ids => ids.SequenceEqual(deliveries.Select(d => d.Id)));
    }

    [Fact]
    public async Task A_delivered_delivery_is_neither_queued_again_nor_sent_again()
    {
        var reportId = await _world.StoreReportAsync(SampleReports.Small());
        var ids = await _world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken);
        var chat = (await _world.DeliveriesAsync(reportId)).Single(d => d.Target == "chat");
        await _world.Job.RunAsync(chat.Id, TestContext.Current.CancellationToken);
        var delivered = await _world.DeliveryAsync(chat.Id);
        delivered.Status.ShouldBe(DeliveryStatus.Delivered);

        var again = await _world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken);
        await _world.Job.RunAsync(chat.Id, TestContext.Current.CancellationToken);

        again.ShouldBe(ids);
        _world.QueuedDeliveries().Count(id => id == chat.Id).ShouldBe(1);
        (await _world.Planner.RetryAsync(chat.Id, TestContext.Current.CancellationToken)).ShouldBeFalse();
        _receiver.Requests.Count(r => r.Path == "/hooks/chat").ShouldBe(1);
        var after = await _world.DeliveryAsync(chat.Id);
        after.Status.ShouldBe(DeliveryStatus.Delivered);
        after.Attempts.ShouldBe(1);
        after.DeliveredAt.ShouldBe(delivered.DeliveredAt);
    }
}
