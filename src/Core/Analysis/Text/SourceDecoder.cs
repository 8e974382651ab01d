using System.Text;

namespace MigrationTracker.Core.Analysis.Text;

/// <summary>How a file's bytes were read as text.</summary>
public enum TextEncodingKind
{
    Utf8 = 0,
    Utf8WithBom = 1,
    Utf16LittleEndian = 2,
    Utf16BigEndian = 3,
}

/// <summary>Why a file was not analysed.</summary>
public enum SkipReason
{
    Empty = 0,
    Binary = 1,
    TooLarge = 2,
    Utf16WithoutByteOrderMark = 3,
    Unreadable = 4,
}

/// <summary>A file's text as UTF-8 bytes (without BOM), or why it has none.</summary>
public readonly record struct DecodedText(ReadOnlyMemory<byte> Utf8, TextEncodingKind Encoding, SkipReason? Skipped, int InvalidSequences)
{
    public static DecodedText Skip(SkipReason reason) => new(ReadOnlyMemory<byte>.Empty, TextEncodingKind.Utf8, reason, 0);

    /// <summary>The text as a string, for the few readers (project files, manifests) that want one.</summary>
    public string ToText() => System.Text.Encoding.UTF8.GetString(Utf8.Span);
}

/// <summary>
/// Turns file bytes into UTF-8 text for the byte-based lexers: UTF-8 with or without BOM is used
/// as it is (no copy), UTF-16 LE/BE with BOM is transcoded. Invalid bytes are counted, never
/// thrown. Binary files are recognised and skipped.
/// </summary>
public static class SourceDecoder
{
    /// <summary>Files larger than this are skipped unless a setting says otherwise.</summary>
    public const long DefaultMaxFileBytes = 4L * 1024 * 1024;

    private const int SniffBytes = 8192;

    public static DecodedText Decode(ReadOnlyMemory<byte> content, long maxBytes = DefaultMaxFileBytes)
    {
        var bytes = content.Span;
        if (bytes.Length > maxBytes)
        {
            return DecodedText.Skip(SkipReason.TooLarge);
        }

        if (bytes.IsEmpty)
        {
            return DecodedText.Skip(SkipReason.Empty);
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return FromUtf8(content[3..], TextEncodingKind.Utf8WithBom);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return FromUtf16(bytes[2..], Encoding.Unicode, TextEncodingKind.Utf16LittleEndian);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return FromUtf16(bytes[2..], Encoding.BigEndianUnicode, TextEncodingKind.Utf16BigEndian);
        }

        var sniff = bytes[..Math.Min(bytes.Length, SniffBytes)];
        if (sniff.Contains((byte)0))
        {
            return LooksLikeUtf16(sniff) ? DecodedText.Skip(SkipReason.Utf16WithoutByteOrderMark) : DecodedText.Skip(SkipReason.Binary);
        }

        if (HasManyControlBytes(sniff))
        {
            return DecodedText.Skip(SkipReason.Binary);
        }

        return FromUtf8(content, TextEncodingKind.Utf8);
    }

    /// <summary>Words for a skip reason, as the report shows them.</summary>
    public static string Describe(SkipReason reason, long maxBytes = DefaultMaxFileBytes) => reason switch
    {
        SkipReason.Empty => "empty file",
        SkipReason.Binary => "binary file",
        SkipReason.TooLarge => $"larger than the size limit ({FormatBytes(maxBytes)})",
        SkipReason.Utf16WithoutByteOrderMark => "looks like UTF-16 without a byte-order mark; save it as UTF-8 or UTF-16 with BOM",
        SkipReason.Unreadable => "could not be read",
        _ => reason.ToString(),
    };

    private static string FormatBytes(long bytes) => bytes % (1024 * 1024) == 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} bytes");

    private static DecodedText FromUtf8(ReadOnlyMemory<byte> bytes, TextEncodingKind kind)
    {
        if (bytes.IsEmpty)
        {
            return DecodedText.Skip(SkipReason.Empty);
        }

        var invalid = System.Text.Unicode.Utf8.IsValid(bytes.Span) ? 0 : CountInvalidUtf8(bytes.Span);
        return new DecodedText(bytes, kind, null, invalid);
    }

    private static DecodedText FromUtf16(ReadOnlySpan<byte> bytes, Encoding encoding, TextEncodingKind kind)
    {
        if (bytes.IsEmpty)
        {
            return DecodedText.Skip(SkipReason.Empty);
        }

        // An odd trailing byte cannot be a UTF-16 unit; the decoder turns it into U+FFFD.
        var text = encoding.GetString(bytes);
        return new DecodedText(Encoding.UTF8.GetBytes(text), kind, null, text.AsSpan().Count('\uFFFD'));
    }

    private static int CountInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var invalid = 0;
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                invalid++;
            }

            bytes = bytes[Math.Max(consumed, 1)..];
        }

        return invalid;
    }

    /// <summary>ASCII text saved as UTF-16 has a zero in every other byte.</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> sniff)
    {
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sniff.Length; i++)
        {
            if (sniff[i] == 0)
            {
                if (i % 2 == 0)
                {
                    evenZeros++;
                }
                else
                {
                    oddZeros++;
                }
            }
        }

        var half = sniff.Length / 2;
        return half > 0 && (evenZeros > half * 0.6 || oddZeros > half * 0.6);
    }

    /// <summary>Like Perl's -B test (which cloc uses): many control bytes mean binary.</summary>
    private static bool HasManyControlBytes(ReadOnlySpan<byte> sniff)
    {
        var odd = 0;
        foreach (var b in sniff)
        {
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)'\f' or 0x0B or 0x1B))
            {
                odd++;
            }
        }

        return odd * 10 > sniff.Length;
    }
}
