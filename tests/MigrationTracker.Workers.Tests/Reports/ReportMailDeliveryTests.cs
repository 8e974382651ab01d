using System.Globalization;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Reports;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Reports;
using MimeKit;

namespace MigrationTracker.Workers.Tests.Reports;

public sealed class ReportMailDeliveryTests : IAsyncLifetime
{
    private const string UserName = "reports-bot";
    private const string Password = "Corr3ct-Horse-Battery";

    private readonly Disposables _owned = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _owned.DisposeAsync();

    [Fact]
    public async Task The_mail_has_the_report_title_the_summary_with_its_figures_and_the_PDF_attached()
    {
        var server = await Own(TestMailServer.StartAsync());
        var world = await WorldAsync(server.Port, new() { ["Email:Recipients:organisation:0"] = "ana@contoso.com; Ben Ode <ben@contoso.com>" });
        var model = SampleReports.Small();
        var reportId = await world.StoreReportAsync(model);

        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
        await world.Job.RunAsync(id, TestContext.Current.CancellationToken);

        var delivery = await world.DeliveryAsync(id);
        delivery.Channel.ShouldBe(DeliveryChannel.Email);
        delivery.Target.ShouldBe("ana@contoso.com,ben@contoso.com");
        delivery.Status.ShouldBe(DeliveryStatus.Delivered);
        delivery.Attempts.ShouldBe(1);
        delivery.DeliveredAt.ShouldNotBeNull();
        delivery.LastError.ShouldBeNull();

        var mail = server.Messages.ShouldHaveSingleItem();
        mail.Subject.ShouldBe(ReportText.Title(model));
        mail.Subject.ShouldBe("Driver migration report: Whole organisation, Week 2026-W47 (2026-11-16 to 2026-11-22)");
        var from = mail.From.Mailboxes.ShouldHaveSingleItem();
        from.Name.ShouldBe("MigrationTracker");
        from.Address.ShouldBe("reports@contoso.com");
        mail.To.Mailboxes.Select(m => m.Address).ShouldBe(["ana@contoso.com", "ben@contoso.com"]);

        var text = mail.TextBody.ShouldNotBeNull().ReplaceLineEndings("\n");
        var html = mail.HtmlBody.ShouldNotBeNull();
        text.ShouldBe(ReportText.Summary(model));
        foreach (var figure in model.Headlines)
        {
            text.ShouldContain($"- {figure.Label}: {ReportText.Value(figure.Now, figure.Unit)}");
            html.ShouldContain(System.Net.WebUtility.HtmlEncode(ReportText.Value(figure.Now, figure.Unit)));
        }

        text.ShouldContain("- Drivers tracked: 4 (+1)");
        text.ShouldContain("- Rust share of driver code: 25.0% (+5.0 pts)");
        text.ShouldContain("- C/C++ code lines left to migrate: 3,600 (−400)");

        var attachment = mail.Attachments.OfType<MimePart>().ShouldHaveSingleItem();
        attachment.FileName.ShouldBe("migration-report-2026-W47-organisation.pdf");
        attachment.Content.ShouldNotBeNull();
        attachment.FileName.ShouldBe(model.FileName("pdf"));
        attachment.ContentType.MimeType.ShouldBe("application/pdf");
        attachment.IsAttachment.ShouldBeTrue();
        using var pdf = new MemoryStream();
        await attachment.Content!.DecodeToAsync(pdf, TestContext.Current.CancellationToken);
        pdf.ToArray().Take(4).ShouldBe("%PDF"u8.ToArray());

        // The product's PDF writer made it: the report's title heads the first page.
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf.ToArray());
        string.Join(' ', document.GetPage(1).GetWords().Select(word => word.Text)).ShouldContain(ReportText.Title(model), Case.Sensitive);
    }

    [Fact]
    public async Task With_a_user_name_the_sender_signs_in_and_the_mail_is_accepted()
    {
        var server = await Own(TestMailServer.StartAsync(UserName, Password));
        var world = await WorldAsync(server.Port, new()
        {
            ["Email:UserName"] = UserName,
            ["Email:Password"] = Password,
            ["Email:Recipients:organisation:0"] = "ana@contoso.com",
        });
        var reportId = await world.StoreReportAsync(SampleReports.Small());

        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
        await world.Job.RunAsync(id, TestContext.Current.CancellationToken);

        (await world.DeliveryAsync(id)).Status.ShouldBe(DeliveryStatus.Delivered);
        server.SignIns.ShouldBe([UserName]);
        server.Messages.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_wrong_password_fails_the_delivery_at_once_with_an_error_naming_the_server_and_never_the_password()
    {
        var server = await Own(TestMailServer.StartAsync(UserName, Password));
        const string wrong = "Wr0ng-Passw0rd-Given";
        var world = await WorldAsync(server.Port, new()
        {
            ["Email:UserName"] = UserName,
            ["Email:Password"] = wrong,
            ["Email:Recipients:organisation:0"] = "ana@contoso.com",
        });
        var reportId = await world.StoreReportAsync(SampleReports.Small());
        var before = await world.ReportRowAsync(reportId);
        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        var error = await Should.ThrowAsync<DeliveryFailedException>(() => world.Job.RunAsync(id, TestContext.Current.CancellationToken));

        var delivery = await world.DeliveryAsync(id);
        delivery.Status.ShouldBe(DeliveryStatus.Failed);

        // Trying the same password again cannot help: one attempt, not three.
        delivery.Attempts.ShouldBe(1);
        delivery.LastError.ShouldNotBeNull();
        delivery.LastError.ShouldStartWith($"The mail server 127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)} refused the sign-in of '{UserName}' (535 ");
        delivery.LastError.ShouldContain("Password");
        delivery.LastError.ShouldNotContain(wrong);
        error.Message.ShouldBe(delivery.LastError);
        world.Logs.Lines.ShouldNotContain(line => line.Contains(wrong, StringComparison.Ordinal));
        server.Messages.ShouldBeEmpty();
        (await world.ReportRowAsync(reportId)).ShouldBe(before);
    }

    [Fact]
    public async Task A_mail_server_that_is_down_is_tried_the_configured_times_and_the_error_names_host_and_port()
    {
        var port = TestMailServer.FreePort();
        var world = await WorldAsync(port, new() { ["Email:Recipients:organisation:0"] = "ana@contoso.com", ["Attempts"] = "2" });
        var reportId = await world.StoreReportAsync(SampleReports.Small());
        var before = await world.ReportRowAsync(reportId);
        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        await Should.ThrowAsync<DeliveryFailedException>(() => world.Job.RunAsync(id, TestContext.Current.CancellationToken));

        var delivery = await world.DeliveryAsync(id);
        delivery.Status.ShouldBe(DeliveryStatus.Failed);
        delivery.Attempts.ShouldBe(2);
        delivery.LastAttemptAt.ShouldNotBeNull();
        delivery.DeliveredAt.ShouldBeNull();
        delivery.LastError.ShouldBe($"Could not reach the mail server 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}: the connection was refused (is the server running and the port right?).");
        (await world.ReportRowAsync(reportId)).ShouldBe(before);
    }

    [Fact]
    public async Task A_team_report_goes_to_the_team_recipients_and_the_team_contact_addresses_in_one_mail()
    {
        var server = await Own(TestMailServer.StartAsync());
        var world = await WorldAsync(server.Port, new()
        {
            ["Email:Recipients:organisation:0"] = "cto@contoso.com",
            ["Email:Recipients:team-a:0"] = "ana@contoso.com",
        });
        await world.AddTeamAsync("team-a", "Team A", "lead@contoso.com; Deputy@contoso.com, ANA@contoso.com");
        var model = SampleReports.ForTeam("team-a", "Team A");
        var reportId = await world.StoreReportAsync(model);

        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
        await world.Job.RunAsync(id, TestContext.Current.CancellationToken);

        (await world.DeliveryAsync(id)).Target.ShouldBe("ana@contoso.com,Deputy@contoso.com,lead@contoso.com");
        var mail = server.Messages.ShouldHaveSingleItem();
        mail.To.Mailboxes.Select(m => m.Address).ShouldBe(["ana@contoso.com", "Deputy@contoso.com", "lead@contoso.com"]);
        mail.Subject.ShouldBe("Driver migration report: Team A, Week 2026-W47 (2026-11-16 to 2026-11-22)");
        mail.Attachments.OfType<MimePart>().ShouldHaveSingleItem().FileName.ShouldBe("migration-report-2026-W47-team-a.pdf");
    }

    [Fact]
    public async Task A_report_whose_PDF_cannot_be_made_fails_at_once_saying_which_font_to_install_and_sends_nothing()
    {
        var server = await Own(TestMailServer.StartAsync());
        using var noFonts = new TemporaryDirectory("mt-no-fonts");
        var world = await WorldAsync(
            server.Port,
            new() { ["Email:Recipients:organisation:0"] = "ana@contoso.com" },
            new Dictionary<string, string?> { ["Reports:FontFolder"] = noFonts.Path });
        var reportId = await world.StoreReportAsync(SampleReports.Small());
        var id = (await world.Planner.PlanAsync(reportId, TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        await Should.ThrowAsync<DeliveryFailedException>(() => world.Job.RunAsync(id, TestContext.Current.CancellationToken));

        var delivery = await world.DeliveryAsync(id);
        delivery.Status.ShouldBe(DeliveryStatus.Failed);
        delivery.Attempts.ShouldBe(1);
        delivery.LastError.ShouldNotBeNull().ShouldStartWith("The PDF to attach could not be made: The PDF report needs the font file LiberationSans-");
        delivery.LastError.ShouldContain("apt-get install fonts-liberation");
        server.Messages.ShouldBeEmpty();
    }

    private async Task<DeliveryWorld> WorldAsync(int port, Dictionary<string, string?> settings, IDictionary<string, string?>? other = null)
    {
        settings["Email:Host"] = "127.0.0.1";
        settings["Email:Port"] = port.ToString(CultureInfo.InvariantCulture);
        settings["Email:From"] = "reports@contoso.com";
        return await Own(DeliveryWorld.CreateAsync(settings, other: other));
    }

    private Task<T> Own<T>(Task<T> starting)
        where T : IAsyncDisposable => _owned.OwnAsync(starting);
}
