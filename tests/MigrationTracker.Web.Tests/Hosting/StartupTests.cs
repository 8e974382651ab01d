using System.Net;
using System.Text.Json;
using MigrationTracker.Testing;

namespace MigrationTracker.Web.Tests.Hosting;

/// <summary>The web app as an operator meets it: started from its build output in an empty folder.</summary>
public sealed class StartupTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_an_empty_folder_with_no_configuration_the_app_creates_its_data_and_is_ready()
    {
        using var folder = new TemporaryDirectory("mt-web");
        using var http = new HttpClient();
        await using var web = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?>());

        await web.WaitUntilReadyAsync(http, StartTimeout);

        using var ready = await http.GetAsync(new Uri(web.BaseAddress!, "health/ready"), Cancel);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancel));
        report.RootElement.GetProperty("checks").EnumerateArray()
            .Select(c => (c.GetProperty("name").GetString(), c.GetProperty("status").GetString()))
            .ShouldBe([("database", "Healthy"), ("migrations", "Healthy"), ("jobs", "Healthy")], ignoreOrder: true);

        using var live = await http.GetAsync(new Uri(web.BaseAddress!, "health/live"), Cancel);
        live.StatusCode.ShouldBe(HttpStatusCode.OK);

        File.Exists(folder.Combine("data", "tracker.db")).ShouldBeTrue();
        File.Exists(folder.Combine("data", "jobs.db")).ShouldBeTrue();
        await web.WaitForOutputAsync($"open {web.BaseAddress!.ToString().TrimEnd('/')} in a browser", TimeSpan.FromSeconds(10));

        using var home = await http.GetAsync(web.BaseAddress, Cancel);
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await home.Content.ReadAsStringAsync(Cancel)).ShouldContain("MigrationTracker");
    }

    [Fact]
    public async Task Data_written_before_a_restart_is_there_after_it()
    {
        using var folder = new TemporaryDirectory("mt-web");
        using var http = new HttpClient();
        Guid probeId;
        Probe before;
        await using (var first = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?>()))
        {
            await first.WaitUntilReadyAsync(http, StartTimeout);
            var probes = new ProbeClient(http, first.BaseAddress!);
            probeId = await probes.EnqueueAsync(Cancel);
            before = await probes.WaitUntilCompletedAsync(probeId, TimeSpan.FromSeconds(30), () => first.Output, Cancel);
            await first.StopAsync();
        }

        await using var second = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?>());
        await second.WaitUntilReadyAsync(http, StartTimeout);

        var after = await new ProbeClient(http, second.BaseAddress!).GetAsync(probeId, Cancel);
        after.ShouldBe(before);
    }

    [Fact]
    public async Task An_unknown_provider_stops_start_up_naming_the_setting_and_the_accepted_values()
    {
        using var folder = new TemporaryDirectory("mt-web");
        await using var web = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?> { ["Database__Provider"] = "Oracle" });

        var exitCode = await web.WaitForExitAsync(StartTimeout);

        exitCode.ShouldBe(2, web.Output);
        web.Output.ShouldContain("Database:Provider is 'Oracle'");
        web.Output.ShouldContain("Accepted values: Sqlite, PostgreSql");
        Directory.Exists(folder.Combine("data")).ShouldBeFalse("nothing may be created when the settings are wrong");
    }

    [Fact]
    public async Task A_wrong_report_time_zone_stops_start_up_naming_the_setting_without_a_stack_trace()
    {
        using var folder = new TemporaryDirectory("mt-web");
        await using var web = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?> { ["Reports__TimeZone"] = "Mars/Olympus_Mons" });

        var exitCode = await web.WaitForExitAsync(StartTimeout);

        exitCode.ShouldBe(2, web.Output);
        web.Output.ShouldContain("MigrationTracker cannot start: ");
        web.Output.ShouldContain("Reports:TimeZone 'Mars/Olympus_Mons' is not a time zone");
        web.Output.ShouldNotContain("Unhandled exception");
    }

    [Fact]
    public async Task A_PostgreSQL_connection_string_pointing_nowhere_stops_start_up_naming_the_setting()
    {
        using var folder = new TemporaryDirectory("mt-web");
        await using var web = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?>
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Tracker"] = "Host=127.0.0.1;Port=1;Database=tracker;Username=tracker;Password=not-logged-anywhere;Timeout=3",
        });

        var exitCode = await web.WaitForExitAsync(StartTimeout);

        exitCode.ShouldBe(2, web.Output);
        web.Output.ShouldContain("ConnectionStrings:Tracker");
        web.Output.ShouldContain("127.0.0.1:1");
        web.Output.ShouldNotContain("not-logged-anywhere");
    }

    [Fact]
    public async Task A_malformed_connection_string_stops_the_worker_host_naming_the_setting()
    {
        using var folder = new TemporaryDirectory("mt-workers");
        await using var workers = ProductProcess.StartWorkers(folder.Path, new Dictionary<string, string?>
        {
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Tracker"] = "Server;;=",
        });

        var exitCode = await workers.WaitForExitAsync(StartTimeout);

        exitCode.ShouldBe(2, workers.Output);
        workers.Output.ShouldContain("ConnectionStrings:Tracker is not a valid PostgreSQL connection string");
    }
}
