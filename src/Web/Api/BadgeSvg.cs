using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace MigrationTracker.Web.Api;

/// <summary>
/// Draws a shields-style badge: a grey label on the left, a coloured message on the right. The document is built
/// as XML, not pasted together, so a driver named <c>&lt;script&gt;</c> is text in the badge and nothing more.
/// </summary>
internal static class BadgeSvg
{
    /// <summary>Longer labels are cut with an ellipsis: a badge sits in a line of text.</summary>
    public const int MaxLabelLength = 40;

    private const int Height = 20;
    private const int Padding = 6;

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static string Render(string label, string message, string color)
    {
        label = Shorten(XmlSafe(label), MaxLabelLength);
        message = XmlSafe(message);
        var labelWidth = TextWidth(label) + (2 * Padding);
        var messageWidth = TextWidth(message) + (2 * Padding);
        var width = labelWidth + messageWidth;
        var summary = $"{label}: {message}";

        var badge = new XElement(
            Svg + "svg",
            new XAttribute("width", width),
            new XAttribute("height", Height),
            new XAttribute("role", "img"),
            new XAttribute("aria-label", summary),
            new XElement(Svg + "title", summary),
            new XElement(
                Svg + "linearGradient",
                new XAttribute("id", "s"),
                new XAttribute("x2", 0),
                new XAttribute("y2", "100%"),
                new XElement(Svg + "stop", new XAttribute("offset", 0), new XAttribute("stop-color", "#bbb"), new XAttribute("stop-opacity", ".1")),
                new XElement(Svg + "stop", new XAttribute("offset", 1), new XAttribute("stop-opacity", ".1"))),
            new XElement(
                Svg + "clipPath",
                new XAttribute("id", "r"),
                new XElement(Svg + "rect", new XAttribute("width", width), new XAttribute("height", Height), new XAttribute("rx", 3), new XAttribute("fill", "#fff"))),
            new XElement(
                Svg + "g",
                new XAttribute("clip-path", "url(#r)"),
                new XElement(Svg + "rect", new XAttribute("width", labelWidth), new XAttribute("height", Height), new XAttribute("fill", "#555")),
                new XElement(Svg + "rect", new XAttribute("x", labelWidth), new XAttribute("width", messageWidth), new XAttribute("height", Height), new XAttribute("fill", color)),
                new XElement(Svg + "rect", new XAttribute("width", width), new XAttribute("height", Height), new XAttribute("fill", "url(#s)"))),
            new XElement(
                Svg + "g",
                new XAttribute("fill", "#fff"),
                new XAttribute("text-anchor", "middle"),
                new XAttribute("font-family", "Verdana,Geneva,DejaVu Sans,sans-serif"),
                new XAttribute("font-size", 11),
                Text(label, labelWidth / 2.0, labelWidth - (2 * Padding)),
                Text(message, labelWidth + (messageWidth / 2.0), messageWidth - (2 * Padding))));
        return badge.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>A shadowed line of text, stretched or squeezed to the width it was measured at so it never overflows.</summary>
    private static IEnumerable<XElement> Text(string text, double centre, int length)
    {
        var x = centre.ToString("0.#", CultureInfo.InvariantCulture);
        yield return new XElement(Svg + "text", new XAttribute("x", x), new XAttribute("y", 15), new XAttribute("fill", "#010101"), new XAttribute("fill-opacity", ".3"), new XAttribute("textLength", length), new XAttribute("aria-hidden", "true"), text);
        yield return new XElement(Svg + "text", new XAttribute("x", x), new XAttribute("y", 14), new XAttribute("textLength", length), text);
    }

    /// <summary>An estimate of the width of the text in 11 px Verdana; <c>textLength</c> makes the rendering agree.</summary>
    private static int TextWidth(string text)
    {
        double width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += rune.Value switch
            {
                'i' or 'j' or 'l' or 't' or 'f' or 'r' or 'I' or '.' or ',' or ':' or ';' or '\'' or '!' or '|' or ' ' => 4,
                'm' or 'w' or 'M' or 'W' or '@' or '%' => 10,
                >= 'A' and <= 'Z' => 8,
                < 0x2E80 => 7,
                _ => 11,
            };
        }

        return Math.Max(1, (int)Math.Ceiling(width));
    }

    /// <summary>Characters XML cannot hold at all (most control characters, lone surrogates) become U+FFFD.</summary>
    private static string XmlSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        // A lone surrogate is enumerated as U+FFFD already.
        foreach (var rune in text.EnumerateRunes())
        {
            safe.Append(rune.IsBmp && !XmlConvert.IsXmlChar((char)rune.Value) ? "\uFFFD" : rune.ToString());
        }

        return safe.ToString();
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        // Cut between characters, never inside a surrogate pair.
        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "\u2026");
    }
}
