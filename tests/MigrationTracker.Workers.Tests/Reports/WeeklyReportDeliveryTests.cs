using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Workers.Tests.Reports;

public sealed class WeeklyReportDeliveryTests
{
    [Fact]
    public async Task The_weekly_job_queues_the_deliveries_of_the_reports_it_stores_once_however_often_it_runs()
    {
        await using var world = await DeliveryWorld.CreateAsync(new Dictionary<string, string?>
        {
            ["Webhooks:0:Name"] = "chat",
            ["Webhooks:0:Url"] = "https://hooks.example/chat",
        });
        var job = world.Services.GetRequiredService<IWeeklyReportJob>();

        await job.RunAsync(TestContext.Current.CancellationToken);
        await job.RunAsync(TestContext.Current.CancellationToken);

        await using var context = world.Storage.CreateDbContext();
        var organisation = await context.Reports.AsNoTracking().SingleAsync(r => r.Scope == "", TestContext.Current.CancellationToken);
        var delivery = (await world.DeliveriesAsync(organisation.Id)).ShouldHaveSingleItem();
        delivery.Channel.ShouldBe(DeliveryChannel.Webhook);
        delivery.Target.ShouldBe("chat");
        delivery.Status.ShouldBe(DeliveryStatus.Pending);
        (await context.ReportDeliveries.CountAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
        world.QueuedDeliveries().ShouldAllBe(id => id == delivery.Id);
    }
}
