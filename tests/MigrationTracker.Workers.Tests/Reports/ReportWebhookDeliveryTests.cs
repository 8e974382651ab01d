using System.Text;
using System.Text.Json;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Reports;
using MigrationTracker.Workers.Reports;
using MigrationTracker.Testing;

namespace MigrationTracker.Workers.Tests.Reports;

public sealed class ReportWebhookDeliveryTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private DeliveryWorld? _world;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }

        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_webhook_that_answers_503_twice_gets_the_report_on_the_third_attempt_exactly_once()
    {
        var world = await WorldAsync(_receiver.Url("hooks/chat"), attempts: 3);
        var model = SampleReports.Small();
        var reportId = await world.StoreReportAsync(model);
        _receiver.AnswerNext(503, 503);

        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
        await world.Job.RunAsync(id, TestContext.Current.CancellationToken);

        var delivery = await world.DeliveryAsync(id);
        delivery.Channel.ShouldBe(DeliveryChannel.Webhook);
        delivery.Target.ShouldBe("chat");
        delivery.Status.ShouldBe(DeliveryStatus.Delivered);
        delivery.Attempts.ShouldBe(3);
        delivery.LastError.ShouldBeNull();
        _receiver.Requests.Select(r => r.Status).ShouldBe([503, 503, 200]);

        var accepted = _receiver.Accepted.ShouldHaveSingleItem();
        accepted.Path.ShouldBe("/hooks/chat");
        accepted.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        using var json = JsonDocument.Parse(accepted.Body);
        var root = json.RootElement;
        root.GetProperty("text").GetString().ShouldBe(ReportText.Summary(model));
        var report = root.GetProperty("report");
        report.GetProperty("week").GetString().ShouldBe("2026-W47");
        report.GetProperty("weekStart").GetString().ShouldBe("2026-11-16");
        report.GetProperty("scope").GetString().ShouldBe(string.Empty);
        report.GetProperty("scopeName").GetString().ShouldBe("Whole organisation");
        report.GetProperty("asOf").GetDateTime().ShouldBe(model.AsOf);
        report.GetProperty("regressions").GetInt32().ShouldBe(4);
        report.GetProperty("projection").GetProperty("completionDate").GetString().ShouldBe("2027-08-30");
        report.GetProperty("projection").GetProperty("text").GetString().ShouldBe(ReportText.Projection(model));

        var headlines = report.GetProperty("headlines").EnumerateArray().ToList();
        headlines.Select(h => h.GetProperty("key").GetString()).ShouldBe(model.Headlines.Select(f => f.Key));
        foreach (var (sent, figure) in headlines.Zip(model.Headlines))
        {
            sent.GetProperty("label").GetString().ShouldBe(figure.Label);
            Number(sent.GetProperty("now")).ShouldBe(figure.Now);
            Number(sent.GetProperty("weekEarlier")).ShouldBe(figure.WeekEarlier);
            Number(sent.GetProperty("change")).ShouldBe(figure.Change);
        }
    }

    [Fact]
    public async Task Names_from_repositories_reach_the_chat_escaped_so_they_cannot_mention_everyone_or_make_links()
    {
        var world = await WorldAsync(_receiver.Url("hooks/chat"), attempts: 1);
        const string Mention = "<!channel>";
        const string Link = "<https://evil.example/login|Open the report>";
        var sample = SampleReports.Small();
        var model = sample with
        {
            ScopeName = "Storage & <!here>",
            Regressions = [sample.Regressions[0] with { Driver = Mention }],
            NewlyPaired = [sample.NewlyPaired[0] with { Driver = Link, Detail = "echo-rs (paired by hand on 2026-11-17)" }],
        };
        var reportId = await world.StoreReportAsync(model);

        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
        await world.Job.RunAsync(id, TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(_receiver.Accepted.ShouldHaveSingleItem().Body);
        var text = json.RootElement.GetProperty("text").GetString().ShouldNotBeNull();
        text.ShouldNotContain("<");
        text.ShouldNotContain(">");
        text.ShouldContain("- &lt;!channel&gt;: Readiness fell from 52 to 40");
        text.ShouldContain("- &lt;https://evil.example/login|Open the report&gt;: echo-rs");
        text.ShouldContain("Storage &amp; &lt;!here&gt;");
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
            .ShouldBe(ReportText.Summary(model), "nothing but the three characters is changed");
        json.RootElement.GetProperty("report").GetProperty("scopeName").GetString().ShouldBe("Storage & <!here>", "the data for programs stays as it is");
    }

    [Fact]
    public async Task With_two_attempts_the_delivery_fails_naming_the_status_and_a_retry_from_the_Reports_page_delivers_it()
    {
        var world = await WorldAsync(_receiver.Url("hooks/chat"), attempts: 2);
        var reportId = await world.StoreReportAsync(SampleReports.Small());
        var before = await world.ReportRowAsync(reportId);
        _receiver.AnswerNext(503, 503);
        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        var error = await Should.ThrowAsync<DeliveryFailedException>(() => world.Job.RunAsync(id, TestContext.Current.CancellationToken));

        var failed = await world.DeliveryAsync(id);
        failed.Status.ShouldBe(DeliveryStatus.Failed);
        failed.Attempts.ShouldBe(2);
        failed.LastError.ShouldBe("The webhook 'chat' answered 503 Service Unavailable: try again later");
        error.Message.ShouldBe(failed.LastError);
        _receiver.Accepted.ShouldBeEmpty();
        (await world.ReportRowAsync(reportId)).ShouldBe(before);

        (await world.Planner.RetryAsync(id, TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await world.DeliveryAsync(id)).Status.ShouldBe(DeliveryStatus.Pending);
        world.QueuedDeliveries().Count(queued => queued == id).ShouldBe(2);
        await world.Job.RunAsync(id, TestContext.Current.CancellationToken);

        var delivered = await world.DeliveryAsync(id);
        delivered.Status.ShouldBe(DeliveryStatus.Delivered);
        delivered.Attempts.ShouldBe(3);
        delivered.LastError.ShouldBeNull();
        _receiver.Accepted.ShouldHaveSingleItem();
        (await world.ReportRowAsync(reportId)).ShouldBe(before);
    }

    [Fact]
    public async Task A_token_in_the_webhook_URL_never_shows_in_the_delivery_error_nor_in_the_logs()
    {
        const string token = "SECRET-token-4f9a";
        const string password = "hook-Passw0rd-77";
        var url = new UriBuilder(_receiver.Url($"services/T0001/B0002/{token}?token={token}")) { UserName = "bot", Password = password }.Uri.ToString();
        var world = await WorldAsync(url, attempts: 2);
        var reportId = await world.StoreReportAsync(SampleReports.Small());
        _receiver.AnswerNext(503, 503);
        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        await Should.ThrowAsync<DeliveryFailedException>(() => world.Job.RunAsync(id, TestContext.Current.CancellationToken));

        // The receiver did get the token (the address is used as given) and the user info as basic authentication.
        var request = _receiver.Requests.First();
        request.Query.ShouldBe($"?token={token}");
        request.Path.ShouldEndWith(token);
        request.Authorization.ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"bot:{password}")));

        var delivery = await world.DeliveryAsync(id);
        delivery.Status.ShouldBe(DeliveryStatus.Failed);
        delivery.Target.ShouldBe("chat");
        delivery.LastError.ShouldBe("The webhook 'chat' answered 503 Service Unavailable: try again later");
        world.Logs.Lines.ShouldNotBeEmpty();
        world.Logs.Lines.ShouldContain(line => line.Contains("'chat'", StringComparison.Ordinal) || line.Contains("to chat", StringComparison.Ordinal));
        foreach (var secret in new[] { token, password, "token=", "/services/" })
        {
            delivery.LastError.ShouldNotBeNull().ShouldNotContain(secret);
            world.Logs.Lines.ShouldNotContain(line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_webhook_nobody_listens_on_fails_naming_the_webhook_and_its_host_but_not_its_token()
    {
        const string token = "SECRET-token-8c21";
        var port = TestMailServer.FreePort();
        var world = await WorldAsync($"http://127.0.0.1:{port}/hook?token={token}", attempts: 2);
        var reportId = await world.StoreReportAsync(SampleReports.Small());
        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        await Should.ThrowAsync<DeliveryFailedException>(() => world.Job.RunAsync(id, TestContext.Current.CancellationToken));

        var delivery = await world.DeliveryAsync(id);
        delivery.Status.ShouldBe(DeliveryStatus.Failed);
        delivery.Attempts.ShouldBe(2);
        delivery.LastError.ShouldBe($"Could not reach the webhook 'chat' at 127.0.0.1:{port}: the connection was refused.");
        world.Logs.Lines.ShouldNotContain(line => line.Contains(token, StringComparison.Ordinal));
    }

    private static double? Number(JsonElement element) => element.ValueKind == JsonValueKind.Null ? null : element.GetDouble();

    private async Task<DeliveryWorld> WorldAsync(string url, int attempts)
    {
        _world = await DeliveryWorld.CreateAsync(new Dictionary<string, string?>
        {
            ["Webhooks:0:Name"] = "chat",
            ["Webhooks:0:Url"] = url,
            ["Attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return _world;
    }
}
