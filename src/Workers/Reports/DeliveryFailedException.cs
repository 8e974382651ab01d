namespace MigrationTracker.Workers.Reports;

/// <summary>
/// A delivery attempt failed for a reason the message states in plain words, free of secrets.
/// <see cref="Transient"/> tells whether trying again soon may help (a server down, a 503) or not (a refused sign-in).
/// </summary>
public sealed class DeliveryFailedException : Exception
{
    public DeliveryFailedException(string message, bool transient, Exception? innerException = null)
        : base(message, innerException)
    {
        Transient = transient;
    }

    public DeliveryFailedException()
    {
    }

    public DeliveryFailedException(string message)
        : base(message)
    {
    }

    public DeliveryFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public bool Transient { get; }
}

/// <summary>Keeps secrets out of error text that comes from elsewhere (a server's answer, a library's exception).</summary>
internal static class Secrets
{
    private const string Mask = "***";

    // Shorter "secrets" would mask ordinary words; nobody uses a password or token this short.
    private const int MinimumLength = 4;

    public static string Redact(string text, IEnumerable<string?> secrets)
    {
        foreach (var secret in secrets.OfType<string>().Where(s => s.Length >= MinimumLength).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>The parts of a webhook URL that can carry a token: all of it, its user info, path and query, and each query value.</summary>
    public static IEnumerable<string?> Of(Uri url)
    {
        yield return url.OriginalString;
        yield return url.AbsoluteUri;
        yield return url.UserInfo;
        yield return Uri.UnescapeDataString(url.UserInfo);
        if (url.AbsolutePath.Length > 1)
        {
            yield return url.PathAndQuery;
            yield return url.AbsolutePath;
        }

        yield return url.Query;
        foreach (var part in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var value = part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..];
            yield return value;
            yield return Uri.UnescapeDataString(value);
        }
    }
}
