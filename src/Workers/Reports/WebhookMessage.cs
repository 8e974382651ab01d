using MigrationTracker.Core.Reports;

namespace MigrationTracker.Workers.Reports;

/// <summary>
/// The JSON a webhook receives. <see cref="Text"/> is the plain-text summary, the field Slack, Teams and Mattermost
/// incoming webhooks show, escaped for them; <see cref="Report"/> carries the headline figures for receivers that read data.
/// </summary>
public sealed record WebhookMessage(string Text, WebhookReport Report)
{
    public static WebhookMessage From(WeeklyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        return new WebhookMessage(
            ChatText(ReportText.Summary(report)),
            new WebhookReport(
                report.IsoWeek,
                report.WeekStart,
                report.Scope,
                report.ScopeName,
                report.AsOf,
                [.. report.Headlines.Select(f => new WebhookFigure(f.Key, f.Label, f.Unit, f.Now, f.WeekEarlier, f.Change))],
                report.Regressions.Count,
                new WebhookProjection(
                    report.Projection.CompletionDate,
                    report.Projection.LinesPerWeek,
                    report.Projection.CLinesRemaining,
                    ReportText.Projection(report))));
    }

    /// <summary>
    /// The text with &amp;, &lt; and &gt; escaped as Slack's message formatting asks (Mattermost reads it the same way).
    /// Driver, team and repository names come from repository content: unescaped, a name such as <c>&lt;!channel&gt;</c>
    /// would notify everyone in the channel and <c>&lt;https://example.com|label&gt;</c> would show as a link.
    /// </summary>
    public static string ChatText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny('&', '<', '>') < 0
            ? text
            : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }
}

/// <param name="Week">ISO week, e.g. 2026-W47.</param>
/// <param name="Scope">Empty for the whole organisation, otherwise the team's slug.</param>
public sealed record WebhookReport(
    string Week,
    DateOnly WeekStart,
    string Scope,
    string ScopeName,
    DateTime AsOf,
    IReadOnlyList<WebhookFigure> Headlines,
    int Regressions,
    WebhookProjection Projection);

/// <summary>A headline figure as stored: shares as fractions (0.25), scores out of 100, counts and lines as numbers.</summary>
public sealed record WebhookFigure(string Key, string Label, FigureUnit Unit, double? Now, double? WeekEarlier, double? Change);

/// <param name="Text">The projection in words, as the summary gives it.</param>
public sealed record WebhookProjection(DateOnly? CompletionDate, double LinesPerWeek, long CLinesRemaining, string Text);
