using MigrationTracker.Core.Domain;

namespace MigrationTracker.Workers.Reports;

/// <summary>One place a report goes: a list of mail recipients, or a webhook by name.</summary>
public sealed record DeliveryDestination(DeliveryChannel Channel, string Target);

/// <summary>Works out from the settings where a report of a given scope is sent.</summary>
public static class DeliveryDestinations
{
    /// <summary>The longest <see cref="ReportDelivery.Target"/> the database keeps.</summary>
    public const int MaxTargetLength = 1000;

    /// <param name="scope">The report's scope: empty for the organisation, otherwise a team's slug.</param>
    /// <param name="teamContactEmail">The team's contact addresses (team reports only).</param>
    public static IReadOnlyList<DeliveryDestination> For(ReportDeliveryOptions options, string scope, string? teamContactEmail)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scope);

        var destinations = new List<DeliveryDestination>();
        if (options.Email.Enabled)
        {
            var addresses = MailAddresses.Normalize(options.Email.RecipientsFor(scope).Concat(scope.Length == 0 ? [] : MailAddresses.Split(teamContactEmail)));
            destinations.AddRange(Batches(addresses).Select(batch => new DeliveryDestination(DeliveryChannel.Email, batch)));
        }

        destinations.AddRange(options.Webhooks
            .Where(webhook => webhook.Receives(scope))
            .Select(webhook => new DeliveryDestination(DeliveryChannel.Webhook, webhook.Name.Trim())));
        return destinations;
    }

    /// <summary>The recipients of an email delivery, as stored in its target.</summary>
    public static IReadOnlyList<string> Recipients(string target) => MailAddresses.Split(target).ToList();

    /// <summary>Comma-joined addresses, split into several mails where one list would not fit in a target.</summary>
    private static IEnumerable<string> Batches(IReadOnlyList<string> addresses)
    {
        var batch = new List<string>();
        var length = 0;
        foreach (var address in addresses)
        {
            if (batch.Count > 0 && length + 1 + address.Length > MaxTargetLength)
            {
                yield return string.Join(',', batch);
                batch.Clear();
                length = 0;
            }

            length += (batch.Count > 0 ? 1 : 0) + address.Length;
            batch.Add(address);
        }

        if (batch.Count > 0)
        {
            yield return string.Join(',', batch);
        }
    }
}
