using System.ComponentModel.DataAnnotations;
using Cronos;

namespace MigrationTracker.Workers.Reports;

/// <summary>When the weekly reports are generated (section <c>Reports</c>).</summary>
public sealed class ReportOptions : IValidatableObject
{
    public const string SectionName = "Reports";

    /// <summary>Turns the recurring weekly report off (reports can still be generated on demand).</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>Cron expression (five fields) of the recurring job; by default Monday 07:00.</summary>
    [Required]
    public string Schedule { get; set; } = "0 7 * * 1";

    /// <summary>Time zone the schedule is read in: an IANA id such as <c>Europe/Berlin</c> (Windows ids work too).</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!CronExpression.TryParse(Schedule, CronFormat.Standard, out _))
        {
            yield return new ValidationResult(
                $"Reports:Schedule '{Schedule}' is not a five-field cron expression (minute hour day month weekday), e.g. '0 7 * * 1' for Monday 07:00.",
                [nameof(Schedule)]);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult(
                $"Reports:TimeZone '{TimeZone}' is not a time zone this machine knows; use an IANA id such as 'Europe/Berlin' or 'UTC'.",
                [nameof(TimeZone)]);
        }
    }
}
