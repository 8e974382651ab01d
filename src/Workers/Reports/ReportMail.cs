using System.Net;
using System.Text;
using MigrationTracker.Core.Reports;
using MimeKit;

namespace MigrationTracker.Workers.Reports;

/// <summary>The weekly report as a mail: the summary as text (and as simple HTML), the PDF attached.</summary>
public static class ReportMail
{
    public static MimeMessage Compose(WeeklyReport report, MailboxAddress from, IEnumerable<string> recipients, byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(pdf);

        var message = new MimeMessage { Subject = ReportText.Title(report) };
        message.From.Add(from);
        message.To.AddRange(recipients.Select(address => MailboxAddress.Parse(address)));

        var body = new BodyBuilder { TextBody = ReportText.Summary(report), HtmlBody = Html(report) };
        body.Attachments.Add(report.FileName(ReportFormat.Pdf.Extension()), pdf, ContentType.Parse(ReportFormat.Pdf.ContentType()));
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The same content as the text summary, laid out as a table for mail clients that show HTML.</summary>
    internal static string Html(WeeklyReport report)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append("<h2>").Append(E(ReportText.Title(report))).Append("</h2>");
        html.Append("<p>Figures as of ").Append(E(report.AsOf.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)))
            .Append(" UTC; change since the week before.</p>");
        html.Append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        foreach (var figure in report.Headlines)
        {
            html.Append("<tr><td>").Append(E(figure.Label)).Append("</td><td align=\"right\"><b>").Append(E(ReportText.Value(figure.Now, figure.Unit)))
                .Append("</b></td><td align=\"right\">").Append(figure.Change is null ? string.Empty : E(ReportText.Change(figure.Change, figure.Unit)))
                .Append("</td></tr>");
        }

        html.Append("</table><p>").Append(E(ReportText.Projection(report))).Append("</p>");
        List(html, "Regressions", report.Regressions.Take(10).Select(r => $"{r.Driver ?? r.Repository}: {r.Detail}"));
        List(html, "Newly paired with a Rust port", report.NewlyPaired.Select(e => $"{e.Driver}: {e.Detail}"));
        List(html, "Newly migrated", report.NewlyMigrated.Select(e => $"{e.Driver}: {e.Detail}"));
        html.Append("<p>The full report is attached as a PDF.</p></body></html>");
        return html.ToString();
    }

    private static void List(StringBuilder html, string heading, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        html.Append("<h3>").Append(WebUtility.HtmlEncode(heading)).Append("</h3><ul>");
        foreach (var item in list)
        {
            html.Append("<li>").Append(WebUtility.HtmlEncode(item)).Append("</li>");
        }

        html.Append("</ul>");
    }
}
