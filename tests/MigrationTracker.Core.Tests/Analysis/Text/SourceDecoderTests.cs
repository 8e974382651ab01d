using System.Text;
using MigrationTracker.Core.Analysis.Lexing;
using MigrationTracker.Core.Analysis.Text;

namespace MigrationTracker.Core.Tests.Analysis.Text;

public sealed class SourceDecoderTests
{
    private const string InfLine = "DeviceDesc = \"Gerät für Übungen – Echo\"\r\n";

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    [Fact]
    public void UTF_8_without_a_BOM_is_used_as_it_is()
    {
        var bytes = Encoding.UTF8.GetBytes("int x; // Größe\n");

        var decoded = SourceDecoder.Decode(bytes);

        decoded.Skipped.ShouldBeNull();
        decoded.Encoding.ShouldBe(TextEncodingKind.Utf8);
        decoded.InvalidSequences.ShouldBe(0);
        decoded.Utf8.ToArray().ShouldBe(bytes);
    }

    [Fact]
    public void UTF_8_with_a_BOM_loses_the_BOM_and_keeps_the_text()
    {
        var text = Encoding.UTF8.GetBytes("int x;\n");

        var decoded = SourceDecoder.Decode(Concat([0xEF, 0xBB, 0xBF], text));

        decoded.Skipped.ShouldBeNull();
        decoded.Encoding.ShouldBe(TextEncodingKind.Utf8WithBom);
        decoded.Utf8.ToArray().ShouldBe(text);
    }

    [Fact]
    public void UTF_16_little_endian_with_a_BOM_is_transcoded_to_UTF_8()
    {
        var decoded = SourceDecoder.Decode(Concat([0xFF, 0xFE], Encoding.Unicode.GetBytes(InfLine)));

        decoded.Skipped.ShouldBeNull();
        decoded.Encoding.ShouldBe(TextEncodingKind.Utf16LittleEndian);
        decoded.InvalidSequences.ShouldBe(0);
        decoded.Utf8.ToArray().ShouldBe(Encoding.UTF8.GetBytes(InfLine));
        decoded.ToText().ShouldBe(InfLine);
    }

    [Fact]
    public void UTF_16_big_endian_with_a_BOM_is_transcoded_to_UTF_8()
    {
        var decoded = SourceDecoder.Decode(Concat([0xFE, 0xFF], Encoding.BigEndianUnicode.GetBytes(InfLine)));

        decoded.Skipped.ShouldBeNull();
        decoded.Encoding.ShouldBe(TextEncodingKind.Utf16BigEndian);
        decoded.InvalidSequences.ShouldBe(0);
        decoded.Utf8.ToArray().ShouldBe(Encoding.UTF8.GetBytes(InfLine));
    }

    [Fact]
    public void A_UTF_16_file_lexes_with_the_same_line_counts_as_its_UTF_8_twin()
    {
        const string Source = "// Gerät\r\n\r\nint x = 1; /* ü */\r\n";
        var decoded = SourceDecoder.Decode(Concat([0xFF, 0xFE], Encoding.Unicode.GetBytes(Source)));

        using var lexed = CLexer.Lex(decoded.Utf8);

        (lexed.BlankLines, lexed.CommentLines, lexed.CodeLines).ShouldBe((1, 1, 1));
    }

    [Fact]
    public void Invalid_UTF_8_bytes_are_counted_not_thrown()
    {
        // 0xFF can never occur in UTF-8; 0xC3 starts a two-byte sequence that a newline cuts short.
        var bytes = Concat(Encoding.ASCII.GetBytes("ab"), [0xFF], Encoding.ASCII.GetBytes("cd"), [0xC3], Encoding.ASCII.GetBytes("\nint x;\n"));

        var decoded = SourceDecoder.Decode(bytes);

        decoded.Skipped.ShouldBeNull();
        decoded.Encoding.ShouldBe(TextEncodingKind.Utf8);
        decoded.InvalidSequences.ShouldBe(2);
        decoded.Utf8.Length.ShouldBe(bytes.Length);
    }

    [Fact]
    public void An_odd_trailing_byte_in_UTF_16_is_one_invalid_sequence()
    {
        var decoded = SourceDecoder.Decode(Concat([0xFF, 0xFE], Encoding.Unicode.GetBytes("ab"), [0x41]));

        decoded.Skipped.ShouldBeNull();
        decoded.InvalidSequences.ShouldBe(1);
    }

    [Fact]
    public void An_empty_file_is_skipped_as_empty()
    {
        SourceDecoder.Decode(ReadOnlyMemory<byte>.Empty).Skipped.ShouldBe(SkipReason.Empty);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xFE, 0xFF })]
    public void A_file_that_is_only_a_BOM_is_skipped_as_empty(byte[] bom)
    {
        SourceDecoder.Decode(bom).Skipped.ShouldBe(SkipReason.Empty);
    }

    [Fact]
    public void A_NUL_byte_in_text_makes_the_file_binary()
    {
        var decoded = SourceDecoder.Decode(Encoding.ASCII.GetBytes("int x;\0int y;\n"));

        decoded.Skipped.ShouldBe(SkipReason.Binary);
        decoded.Utf8.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Many_control_bytes_make_the_file_binary()
    {
        byte[] bytes = [.. Enumerable.Range(0, 100).Select(i => (byte)(i % 2 == 0 ? 0x01 : 'a'))];

        SourceDecoder.Decode(bytes).Skipped.ShouldBe(SkipReason.Binary);
    }

    [Fact]
    public void UTF_16_without_a_BOM_is_skipped_with_its_own_reason()
    {
        var decoded = SourceDecoder.Decode(Encoding.Unicode.GetBytes("[Version]\r\nSignature=\"$WINDOWS NT$\"\r\n"));

        decoded.Skipped.ShouldBe(SkipReason.Utf16WithoutByteOrderMark);
    }

    [Fact]
    public void UTF_16_big_endian_without_a_BOM_is_skipped_with_its_own_reason()
    {
        var decoded = SourceDecoder.Decode(Encoding.BigEndianUnicode.GetBytes("[Version]\r\nSignature=\"$WINDOWS NT$\"\r\n"));

        decoded.Skipped.ShouldBe(SkipReason.Utf16WithoutByteOrderMark);
    }

    [Fact]
    public void Random_bytes_are_skipped_as_binary()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x01; // not a BOM

        SourceDecoder.Decode(bytes).Skipped.ShouldBe(SkipReason.Binary);
    }

    [Fact]
    public void Random_bytes_of_any_length_never_throw()
    {
        var random = new Random(20240601);
        for (var round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(0, 3000)];
            random.NextBytes(bytes);

            var decoded = SourceDecoder.Decode(bytes);

            if (decoded.Skipped is null)
            {
                decoded.ToText().ShouldNotBeNull();
                decoded.InvalidSequences.ShouldBeGreaterThanOrEqualTo(0);
            }
            else
            {
                decoded.Utf8.IsEmpty.ShouldBeTrue();
            }
        }
    }

    [Fact]
    public void A_file_over_the_limit_is_skipped_as_too_large()
    {
        var bytes = Encoding.ASCII.GetBytes("int x = 1;\n"); // 11 bytes

        SourceDecoder.Decode(bytes, maxBytes: 10).Skipped.ShouldBe(SkipReason.TooLarge);
    }

    [Fact]
    public void A_file_exactly_at_the_limit_is_read()
    {
        var bytes = Encoding.ASCII.GetBytes("int x = 1;\n");

        SourceDecoder.Decode(bytes, maxBytes: bytes.Length).Skipped.ShouldBeNull();
    }

    [Fact]
    public void A_file_over_the_default_limit_is_skipped_as_too_large()
    {
        var bytes = new byte[SourceDecoder.DefaultMaxFileBytes + 1];
        bytes.AsSpan().Fill((byte)'a');

        SourceDecoder.Decode(bytes).Skipped.ShouldBe(SkipReason.TooLarge);
    }

    [Fact]
    public void The_size_limit_reason_names_the_default_limit_in_MiB()
    {
        SourceDecoder.Describe(SkipReason.TooLarge).ShouldBe("larger than the size limit (4 MiB)");
    }

    [Fact]
    public void The_size_limit_reason_names_an_odd_limit_in_bytes()
    {
        SourceDecoder.Describe(SkipReason.TooLarge, 1500).ShouldBe("larger than the size limit (1500 bytes)");
    }

    [Theory]
    [InlineData(SkipReason.Empty, "empty file")]
    [InlineData(SkipReason.Binary, "binary file")]
    [InlineData(SkipReason.Unreadable, "could not be read")]
    public void Each_skip_reason_reads_as_words(SkipReason reason, string words)
    {
        SourceDecoder.Describe(reason).ShouldBe(words);
    }

    [Fact]
    public void The_UTF_16_without_BOM_reason_says_what_to_do()
    {
        var words = SourceDecoder.Describe(SkipReason.Utf16WithoutByteOrderMark);

        words.ShouldContain("UTF-16");
        words.ShouldContain("save it as UTF-8");
        words.ShouldNotContain(nameof(SkipReason.Utf16WithoutByteOrderMark));
    }
}
