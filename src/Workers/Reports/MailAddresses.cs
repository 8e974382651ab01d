using MimeKit;

namespace MigrationTracker.Workers.Reports;

/// <summary>Reads mail addresses as people write them: several in one field, separated by <c>,</c> or <c>;</c>.</summary>
public static class MailAddresses
{
    private static readonly char[] Separators = [',', ';'];

    public static IEnumerable<string> Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Reads one address, bare or with a name (<c>Ana &lt;ana@contoso.com&gt;</c>).</summary>
    public static bool TryParse(string? text, out MailboxAddress mailbox)
    {
        mailbox = null!;
        if (string.IsNullOrWhiteSpace(text) || !MailboxAddress.TryParse(text.Trim(), out var parsed))
        {
            return false;
        }

        var at = parsed.Address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == parsed.Address.Length - 1)
        {
            return false;
        }

        mailbox = parsed;
        return true;
    }

    /// <summary>The bare addresses among <paramref name="entries"/>, each once (ignoring case), in a stable order.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> entries) => entries
        .Select(entry => TryParse(entry, out var mailbox) ? mailbox.Address : null)
        .OfType<string>()
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Order(StringComparer.OrdinalIgnoreCase)
        .ToList();
}
