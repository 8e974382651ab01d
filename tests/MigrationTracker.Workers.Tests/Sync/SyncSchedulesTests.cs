using System.Globalization;
using Hangfire.Storage;
using MigrationTracker.Core.Jobs;
using MigrationTracker.Workers.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>Recurring syncs: the cron expression for an interval, and the job Hangfire keeps for each repository.</summary>
public sealed class SyncSchedulesTests : IAsyncLifetime
{
    private SyncWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await SyncWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Theory]
    [InlineData(1, "*/1 * * * *")]
    [InlineData(15, "*/15 * * * *")]
    [InlineData(30, "*/30 * * * *")]
    [InlineData(60, "0 */1 * * *")]
    [InlineData(120, "0 */2 * * *")]
    [InlineData(360, "0 */6 * * *")]
    [InlineData(1440, "0 3 * * *")]
    [InlineData(10080, "0 3 * * *")]
    public void An_interval_becomes_the_cron_expression_that_repeats_it(int minutes, string cron) =>
        SyncSchedules.Cron(minutes).ShouldBe(cron);

    [Theory]
    [InlineData(45)]
    [InlineData(90)]
    [InlineData(100)]
    public void An_interval_that_cron_cannot_express_exactly_never_syncs_much_more_often_than_asked(int minutes)
    {
        var cron = SyncSchedules.Cron(minutes);
        var times = DailyOccurrences(cron);

        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        gaps.Min().ShouldBeGreaterThanOrEqualTo(minutes / 2,
            $"'{cron}' for every {minutes} minutes syncs at {string.Join(", ", times.Take(4).Select(t => TimeSpan.FromMinutes(t).ToString(@"hh\:mm", CultureInfo.InvariantCulture)))}, ...");
    }

    [Fact]
    public void Scheduling_a_repository_keeps_a_recurring_sync_in_the_job_storage()
    {
        var schedules = _world.Services.GetRequiredService<SyncSchedules>();

        schedules.Schedule(7, 15);
        schedules.Schedule(8, intervalMinutes: null);

        using var connection = _world.JobStorage.GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);
        var seven = jobs[SyncSchedules.JobId(7)];
        seven.Cron.ShouldBe("*/15 * * * *");
        seven.Queue.ShouldBe(JobQueues.Default);
        seven.Job.Type.ShouldBe(typeof(IRepositorySyncJob));
        seven.Job.Args[0].ShouldBe(7);
        jobs[SyncSchedules.JobId(8)].Cron.ShouldBe("0 */1 * * *", "the default interval is 60 minutes");
    }

    [Fact]
    public void Rescheduling_replaces_the_interval_and_unscheduling_removes_the_job()
    {
        var schedules = _world.Services.GetRequiredService<SyncSchedules>();
        schedules.Schedule(7, 15);

        schedules.Schedule(7, 120);
        using (var connection = _world.JobStorage.GetConnection())
        {
            connection.GetRecurringJobs().Where(j => j.Id == SyncSchedules.JobId(7)).Select(j => j.Cron).ShouldBe(["0 */2 * * *"]);
        }

        schedules.Unschedule(7);
        using (var connection = _world.JobStorage.GetConnection())
        {
            connection.GetRecurringJobs().ShouldNotContain(j => j.Id == SyncSchedules.JobId(7));
        }
    }

    /// <summary>The minutes of a day at which a cron expression of minute and hour fields ("*", "*/n", "n") fires.</summary>
    private static List<int> DailyOccurrences(string cron)
    {
        var fields = cron.Split(' ');
        fields[2..].ShouldBe(["*", "*", "*"]);
        return Enumerable.Range(0, 24 * 60).Where(m => Matches(fields[0], m % 60) && Matches(fields[1], m / 60)).ToList();

        static bool Matches(string field, int value) => field switch
        {
            "*" => true,
            _ when field.StartsWith("*/", StringComparison.Ordinal) => value % int.Parse(field[2..], CultureInfo.InvariantCulture) == 0,
            _ => value == int.Parse(field, CultureInfo.InvariantCulture),
        };
    }
}
