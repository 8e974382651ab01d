using System.Globalization;
using System.Text;
using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Reports;
using MigrationTracker.Workers.Secrets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Workers.Tests.Reports;

/// <summary>
/// Report delivery settings an administrator saves on the Settings page: used by the real delivery job, stored
/// encrypted, never shown back, and asked for again when the keys that encrypted them are gone.
/// </summary>
public sealed class SavedDeliverySettingsTests : IAsyncLifetime
{
    private const string UserName = "reports-bot";
    private const string Password = "Saved-Mail-Passw0rd-7731";
    private const string HookToken = "T0KEN-in-the-hook-path-5521";

    private readonly Disposables _owned = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _owned.DisposeAsync();

    [Fact]
    public async Task A_mail_server_saved_in_the_browser_takes_the_configured_ones_place_and_signs_in_with_the_saved_password()
    {
        var server = await Own(TestMailServer.StartAsync(UserName, Password));
        var world = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>
        {
            // A configured server that is not there: only the saved one can deliver.
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = TestMailServer.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Email:From"] = "old@contoso.com",
            ["Email:Recipients:organisation:0"] = "cto@contoso.com",
        }));
        var settings = Settings(world);
        await settings.SaveMailServerAsync(Mail(server.Port), "admin@contoso.com", Ct);
        var reportId = await world.StoreReportAsync(SampleReports.Small());

        var id = (await world.Planner.PlanAsync(reportId, Ct)).ShouldHaveSingleItem();
        await world.Job.RunAsync(id, Ct);

        (await world.DeliveryAsync(id)).Status.ShouldBe(DeliveryStatus.Delivered);
        server.SignIns.ShouldBe([UserName]);
        var mail = server.Messages.ShouldHaveSingleItem();
        mail.From.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("reports@contoso.com");

        // The configured recipients and those saved for the organisation's report both get it.
        mail.To.Mailboxes.Select(m => m.Address).ShouldBe(["ana@contoso.com", "cto@contoso.com"]);
    }

    [Fact]
    public async Task The_saved_password_and_webhook_address_are_nowhere_in_the_database_files_nor_in_what_the_page_shows()
    {
        var world = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>()));
        var settings = Settings(world);
        await settings.SaveMailServerAsync(Mail(2525), "admin@contoso.com", Ct);
        await settings.AddWebhookAsync("Driver chat", $"https://chat.contoso.com/hooks/{HookToken}", "*", "admin@contoso.com", Ct);

        var view = await settings.ViewAsync(Ct);

        var mail = view.Mail.ShouldNotBeNull();
        mail.HasPassword.ShouldBeTrue();
        mail.Saved.ShouldNotBeNull().UpdatedBy.ShouldBe("admin@contoso.com");
        var hook = view.Webhooks.ShouldHaveSingleItem();
        (hook.Name, hook.Host, hook.FromConfiguration).ShouldBe(("Driver chat", "chat.contoso.com", false));
        view.ToString().ShouldNotContain(Password);
        view.ToString().ShouldNotContain(HookToken);

        SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(world.Storage.Settings.DataDirectory, "*.db*");
        files.ShouldNotBeEmpty();
        foreach (var file in files)
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, Ct));
            text.ShouldNotContain(Password);
            text.ShouldNotContain(HookToken);
            text.ShouldNotContain("chat.contoso.com");
        }

        // Only the settings' names are readable in the table.
        await using var context = world.Storage.CreateDbContext();
        (await context.ProtectedSettings.Select(s => s.Name).OrderBy(n => n).ToListAsync(Ct))
            .ShouldBe([ReportDeliverySettings.MailServerSetting, ReportDeliverySettings.WebhooksSetting]);
    }

    [Fact]
    public async Task Saving_the_same_server_again_with_an_empty_password_keeps_the_saved_one_and_clearing_removes_it()
    {
        var world = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>()));
        var settings = Settings(world);
        await settings.SaveMailServerAsync(Mail(2525), "admin@contoso.com", Ct);

        var edited = Mail(2525);
        edited.From = "drivers-report@contoso.com";
        edited.Password = null;
        await settings.SaveMailServerAsync(edited, "other@contoso.com", Ct);
        var kept = (await settings.GetAsync(Ct)).Options.Email;
        (kept.From, kept.Password).ShouldBe(("drivers-report@contoso.com", Password));

        edited.ClearPassword = true;
        await settings.SaveMailServerAsync(edited, "other@contoso.com", Ct);
        (await settings.GetAsync(Ct)).Options.Email.Password.ShouldBeNull();
        (await settings.ViewAsync(Ct)).Mail.ShouldNotBeNull().HasPassword.ShouldBeFalse();
    }

    [Fact]
    public async Task The_saved_password_goes_only_to_the_server_it_was_saved_for()
    {
        var world = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>()));
        var settings = Settings(world);
        await settings.SaveMailServerAsync(Mail(2525), "admin@contoso.com", Ct);

        // Someone points the settings at a server of theirs without typing the password: it would sign in there with it.
        var elsewhere = Mail(2525);
        elsewhere.Host = "mail.attacker.example";
        elsewhere.Password = null;
        var error = await Should.ThrowAsync<SettingRejectedException>(() => settings.SaveMailServerAsync(elsewhere, "other@contoso.com", Ct));

        error.Message.ShouldStartWith("Password: enter the password again.");
        var kept = (await settings.GetAsync(Ct)).Options.Email;
        (kept.Host, kept.Password).ShouldBe(("127.0.0.1", Password));

        elsewhere.Password = "Their-0wn-Passw0rd";
        await settings.SaveMailServerAsync(elsewhere, "other@contoso.com", Ct);
        (await settings.GetAsync(Ct)).Options.Email.Password.ShouldBe("Their-0wn-Passw0rd");
    }

    [Fact]
    public async Task Saved_webhooks_that_cannot_be_read_leave_the_configured_destinations_their_reports()
    {
        var receiver = await Own(WebhookReceiver.StartAsync());
        var world = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>()));
        await Settings(world).AddWebhookAsync("Saved chat", receiver.Url($"saved/{HookToken}"), null, "admin@contoso.com", Ct);

        // A process whose keys are not the ones the webhooks were saved with, and with a webhook of its own configuration.
        using var otherKeys = new TemporaryDirectory("mt-keys");
        var other = await Own(DeliveryWorld.CreateAsync(
            new Dictionary<string, string?> { ["Webhooks:0:Name"] = "Ops chat", ["Webhooks:0:Url"] = receiver.Url("configured") },
            other: new Dictionary<string, string?>
            {
                ["ConnectionStrings:Tracker"] = world.Storage.Settings.ConnectionString,
                ["Storage:DataDirectory"] = otherKeys.Path,
            }));
        var reportId = await world.StoreReportAsync(SampleReports.Small());

        var id = (await other.Planner.PlanAsync(reportId, Ct)).ShouldHaveSingleItem();
        await other.Job.RunAsync(id, Ct);

        (await world.DeliveryAsync(id)).Target.ShouldBe("Ops chat");
        receiver.Accepted.ShouldHaveSingleItem().Path.ShouldBe("/configured");
        other.Logs.Lines.ShouldContain(line => line.Contains($"The saved setting '{ReportDeliverySettings.WebhooksSetting}' cannot be decrypted", StringComparison.Ordinal));
        var view = await Settings(other).ViewAsync(Ct);
        view.Problem.ShouldNotBeNull().ShouldContain("Enter it again on the Settings page.");
        view.Webhooks.ShouldHaveSingleItem().Name.ShouldBe("Ops chat");
    }

    [Fact]
    public async Task Wrong_fields_are_refused_with_a_message_naming_the_field_and_nothing_is_saved()
    {
        var world = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>
        {
            ["Webhooks:0:Name"] = "Ops chat",
            ["Webhooks:0:Url"] = "https://ops.contoso.com/hook",
        }));
        await world.AddTeamAsync("usb", "USB", null);
        var settings = Settings(world);

        async Task<string> Refused(Func<Task> save) => (await Should.ThrowAsync<SettingRejectedException>(save)).Message;

        var noHost = Mail(25);
        noHost.Host = "smtp://mail.contoso.com";
        (await Refused(() => settings.SaveMailServerAsync(noHost, "a", Ct))).ShouldStartWith("Mail server: enter the server's host name");
        var badPort = Mail(70000);
        (await Refused(() => settings.SaveMailServerAsync(badPort, "a", Ct))).ShouldStartWith("Port: use a number from 1 to 65535");
        var badSender = Mail(25);
        badSender.From = "reports";
        (await Refused(() => settings.SaveMailServerAsync(badSender, "a", Ct))).ShouldStartWith("Sender:");
        var badRecipient = Mail(25);
        badRecipient.Recipients = "ana@contoso.com, bob";
        (await Refused(() => settings.SaveMailServerAsync(badRecipient, "a", Ct))).ShouldBe("Recipients: 'bob' is not a mail address. Separate addresses with commas.");

        (await Refused(() => settings.AddWebhookAsync("OPS chat", "https://x.contoso.com/h", null, "a", Ct))).ShouldBe("Name: a webhook named 'OPS chat' exists already; names are told apart ignoring case.");
        (await Refused(() => settings.AddWebhookAsync("Chat", $"ftp://chat.contoso.com/{HookToken}", null, "a", Ct))).ShouldNotContain(HookToken);
        (await Refused(() => settings.AddWebhookAsync("Chat", "https://chat.contoso.com/h", "usb, storage", "a", Ct))).ShouldStartWith("Reports: no team has the slug 'storage'.");

        var hugeRecipients = Mail(25);
        hugeRecipients.Recipients = string.Join(", ", Enumerable.Range(0, 400).Select(i => $"person{i}@contoso.com"));
        (await Refused(() => settings.SaveMailServerAsync(hugeRecipients, "a", Ct))).ShouldStartWith("Recipients: at most 4000 characters");
        (await Refused(() => settings.AddWebhookAsync("Chat", "https://chat.contoso.com/" + new string('x', 5000), null, "a", Ct))).ShouldBe("Address: at most 2000 characters.");

        await using var context = world.Storage.CreateDbContext();
        (await context.ProtectedSettings.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_webhook_saved_in_the_browser_receives_the_reports_of_its_scopes()
    {
        var receiver = await Own(WebhookReceiver.StartAsync());
        var world = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>()));
        await world.AddTeamAsync("usb", "USB", null);
        var settings = Settings(world);
        await settings.AddWebhookAsync("USB chat", receiver.Url($"hooks/{HookToken}"), "usb", "admin@contoso.com", Ct);
        var organisation = await world.StoreReportAsync(SampleReports.Small());
        var team = await world.StoreReportAsync(SampleReports.ForTeam("usb", "USB"));

        (await world.Planner.PlanAsync(organisation, Ct)).ShouldBeEmpty();
        var id = (await world.Planner.PlanAsync(team, Ct)).ShouldHaveSingleItem();
        await world.Job.RunAsync(id, Ct);

        var delivery = await world.DeliveryAsync(id);
        (delivery.Channel, delivery.Target, delivery.Status).ShouldBe((DeliveryChannel.Webhook, "USB chat", DeliveryStatus.Delivered));
        var hook = receiver.Accepted.ShouldHaveSingleItem();
        hook.Path.ShouldBe($"/hooks/{HookToken}");
        hook.Body.ShouldContain("USB");

        (await settings.RemoveWebhookAsync("usb CHAT", "admin@contoso.com", Ct)).ShouldBeTrue();
        (await settings.GetAsync(Ct)).Options.Webhooks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Webhooks_added_by_several_administrators_at_once_are_all_kept()
    {
        var world = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>()));
        var settings = Settings(world);

        await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            Task.Run(() => settings.AddWebhookAsync($"Chat {i}", $"https://chat.contoso.com/hooks/{i}", null, $"admin{i}@contoso.com", Ct))));

        (await settings.GetAsync(Ct)).Options.Webhooks.Select(w => w.Name).Order().ShouldBe(Enumerable.Range(1, 8).Select(i => $"Chat {i}"));
    }

    [Fact]
    public async Task Settings_saved_under_keys_that_are_gone_fail_the_delivery_asking_to_enter_them_again_and_can_be_replaced()
    {
        var server = await Own(TestMailServer.StartAsync(UserName, Password));
        var world = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>()));
        await Settings(world).SaveMailServerAsync(Mail(server.Port), "admin@contoso.com", Ct);
        var reportId = await world.StoreReportAsync(SampleReports.Small());
        var id = (await world.Planner.PlanAsync(reportId, Ct)).ShouldHaveSingleItem();

        // Another process whose keys are not this one's (a lost or unshared key folder) reads the same database.
        using var otherKeys = new TemporaryDirectory("mt-keys");
        var other = await Own(DeliveryWorld.CreateAsync(new Dictionary<string, string?>(), other: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Tracker"] = world.Storage.Settings.ConnectionString,
            ["Storage:DataDirectory"] = otherKeys.Path,
        }));
        var otherSettings = Settings(other);

        var error = await Should.ThrowAsync<DeliveryFailedException>(() => other.Job.RunAsync(id, Ct));

        error.Message.ShouldStartWith($"The saved setting '{ReportDeliverySettings.MailServerSetting}' cannot be decrypted");
        error.Message.ShouldContain("Enter it again on the Settings page.");
        var delivery = await world.DeliveryAsync(id);
        (delivery.Status, delivery.LastError).ShouldBe((DeliveryStatus.Failed, error.Message));
        other.Logs.Lines.ShouldNotContain(line => line.Contains(Password, StringComparison.Ordinal));
        (await otherSettings.ViewAsync(Ct)).Problem.ShouldBe(error.Message);
        server.Messages.ShouldBeEmpty();

        // Entering the settings again replaces what cannot be read, and the retried delivery goes out.
        await otherSettings.SaveMailServerAsync(Mail(server.Port), "admin@contoso.com", Ct);
        await other.Planner.RetryAsync(id, Ct);
        await other.Job.RunAsync(id, Ct);
        (await world.DeliveryAsync(id)).Status.ShouldBe(DeliveryStatus.Delivered);
        server.Messages.ShouldHaveSingleItem();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ReportDeliverySettings Settings(DeliveryWorld world) => world.Services.GetRequiredService<ReportDeliverySettings>();

    private static MailServerInput Mail(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Security = SmtpSecurity.Auto,
        UserName = UserName,
        Password = Password,
        From = "reports@contoso.com",
        Recipients = "ana@contoso.com",
    };

    private Task<T> Own<T>(Task<T> starting)
        where T : IAsyncDisposable => _owned.OwnAsync(starting);
}
