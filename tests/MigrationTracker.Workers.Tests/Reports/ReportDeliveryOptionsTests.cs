using MigrationTracker.Workers.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MigrationTracker.Testing;

namespace MigrationTracker.Workers.Tests.Reports;

public sealed class ReportDeliveryOptionsTests
{
    [Fact]
    public async Task Wrong_delivery_settings_stop_start_up_with_a_message_naming_each_setting_and_never_a_webhook_URL()
    {
        await using var world = await DeliveryWorld.CreateAsync(new Dictionary<string, string?>
        {
            ["Email:Host"] = "mail.contoso.com",
            ["Email:Port"] = "70000",
            ["Webhooks:0:Name"] = "chat",
            ["Webhooks:0:Url"] = "ftp://hooks.example/T1?token=SECRET-1",
            ["Webhooks:1:Name"] = "Chat",
            ["Webhooks:1:Url"] = "https://hooks.example/T2?token=SECRET-2",
        });

        var error = Should.Throw<OptionsValidationException>(() => world.Services.GetRequiredService<IOptions<ReportDeliveryOptions>>().Value);

        error.Failures.ShouldBe(
        [
            "Reports:Delivery:Email:Port is 70000; use a port from 1 to 65535 (587 for STARTTLS, 465 for TLS on connect, 25 for plain SMTP).",
            "Reports:Delivery:Email:From is missing: set the address reports are sent from (for example reports@contoso.com), or clear Reports:Delivery:Email:Host to turn email off.",
            "Reports:Delivery:Webhooks:0:Url of webhook 'chat' is not an absolute http or https URL: use the incoming-webhook address the chat tool gave you.",
            "Reports:Delivery:Webhooks has more than one webhook named 'Chat': give each a different name (case is ignored).",
        ], ignoreOrder: true);
        error.Message.ShouldNotContain("SECRET");
    }

    [Fact]
    public async Task Without_a_mail_host_email_is_off_and_no_mail_delivery_is_planned()
    {
        await using var world = await DeliveryWorld.CreateAsync(new Dictionary<string, string?>
        {
            ["Email:Recipients:organisation:0"] = "ana@contoso.com",
            ["Webhooks:0:Name"] = "chat",
            ["Webhooks:0:Url"] = "https://hooks.example/chat",
        });
        var reportId = await world.StoreReportAsync(SampleReports.Small());

        await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken);

        (await world.DeliveriesAsync(reportId)).ShouldHaveSingleItem().Target.ShouldBe("chat");
    }
}
