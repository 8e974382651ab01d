using System.ComponentModel.DataAnnotations;
using Hangfire;
using Hangfire.Storage;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Workers.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>The recurring weekly report: its cron and time zone in the job storage, and wrong settings refused with a clear message.</summary>
public sealed class ReportScheduleTests : IAsyncLifetime
{
    private SyncWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await SyncWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public void The_weekly_report_runs_on_its_cron_in_the_configured_time_zone_and_can_be_turned_off()
    {
        var recurring = _world.Services.GetRequiredService<IRecurringJobManager>();

        ReportSchedule.Apply(recurring, new ReportOptions { Schedule = "30 6 * * 1", TimeZone = "Europe/Berlin" });
        using (var connection = _world.JobStorage.GetConnection())
        {
            var job = connection.GetRecurringJobs().Single(j => j.Id == ReportSchedule.JobId);
            job.Cron.ShouldBe("30 6 * * 1");
            job.TimeZoneId.ShouldBe("Europe/Berlin");
            job.Job.Type.ShouldBe(typeof(IWeeklyReportJob));
            job.Queue.ShouldBe(JobQueues.Default);
        }

        ReportSchedule.Apply(recurring, new ReportOptions { ScheduleEnabled = false });
        using (var connection = _world.JobStorage.GetConnection())
        {
            connection.GetRecurringJobs().ShouldNotContain(j => j.Id == ReportSchedule.JobId);
        }
    }

    [Fact]
    public void The_default_is_monday_seven_in_the_morning_utc()
    {
        var options = new ReportOptions();
        (options.Schedule, options.TimeZone, options.ScheduleEnabled).ShouldBe(("0 7 * * 1", "UTC", true));
        Validate(options).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("every monday", "UTC", "Reports:Schedule 'every monday' is not a five-field cron expression")]
    [InlineData("0 7 * * 1", "Mars/Olympus_Mons", "Reports:TimeZone 'Mars/Olympus_Mons' is not a time zone")]
    public void A_wrong_schedule_or_zone_is_refused_naming_the_setting(string schedule, string zone, string message)
    {
        var errors = Validate(new ReportOptions { Schedule = schedule, TimeZone = zone });
        errors.ShouldHaveSingleItem().ShouldStartWith(message);
    }

    private static List<string> Validate(ReportOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
