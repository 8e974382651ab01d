using System.Globalization;
using System.Text;
using MigrationTracker.Core.Portfolio;

namespace MigrationTracker.Core.Reports;

/// <summary>Report weeks run Monday 00:00 to Sunday 24:00 UTC, like every weekly figure in the product.</summary>
public static class ReportWeek
{
    /// <summary>A team slug's longest (see TeamConfiguration): distinct slugs must give distinct file names.</summary>
    private const int MaxScopeLength = 100;

    /// <summary>
    /// Reads a week as an ISO week (<c>2026-W47</c>) or any date inside it (<c>2026-11-18</c>); returns its Monday.
    /// </summary>
    public static bool TryParse(string? text, out DateOnly weekStart)
    {
        weekStart = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 10)
        {
            return false;
        }

        text = text.Trim();
        var w = text.IndexOf("-W", StringComparison.OrdinalIgnoreCase);
        if (w == 4
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            && year is >= 2000 and <= 9998 && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
        {
            weekStart = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 9998)
        {
            weekStart = StartOf(date);
            return true;
        }

        return false;
    }

    public static DateOnly StartOf(DateOnly date) => DateOnly.FromDateTime(PortfolioQueries.WeekStartOf(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));

    /// <summary>The week before the one holding <paramref name="now"/>: the latest week that is over.</summary>
    public static DateOnly LastCompleted(DateTime now) => StartOf(DateOnly.FromDateTime(now)).AddDays(-7);

    public static DateTime StartUtc(DateOnly weekStart) => weekStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The last instant of the week.</summary>
    public static DateTime EndUtc(DateOnly weekStart) => StartUtc(weekStart).AddDays(7).AddTicks(-1);

    public static string IsoName(DateOnly weekStart)
    {
        var day = weekStart.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");
    }

    /// <summary>
    /// <c>migration-report-2026-W47-organisation.pdf</c>: the scope is reduced to lower-case letters, digits and dashes,
    /// so no input can steer the name out of a folder or into a header.
    /// </summary>
    public static string FileName(DateOnly weekStart, string scope, string extension)
    {
        var safe = new StringBuilder();
        foreach (var c in scope.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                safe.Append(c);
            }
            else if (safe.Length > 0 && safe[^1] != '-')
            {
                safe.Append('-');
            }

            if (safe.Length >= MaxScopeLength)
            {
                break;
            }
        }

        var name = safe.ToString().Trim('-');
        var ext = new string([.. extension.Where(char.IsAsciiLetterOrDigit)]);
        return $"migration-report-{IsoName(weekStart)}-{(name.Length == 0 ? "organisation" : name)}.{ext}";
    }
}
