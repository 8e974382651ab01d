using System.Text;
using MigrationTracker.Core.Analysis.Constructs;
using MigrationTracker.Core.Analysis.Lexing;
using MigrationTracker.Core.Analysis.Unsafe;
using static MigrationTracker.Core.Analysis.Lexing.LineKind;

namespace MigrationTracker.Core.Tests.Analysis.Lexing;

/// <summary>Malformed, huge and random input: the lexers and scanners never fail, and every line is still counted once.</summary>
public sealed class MalformedInputTests
{
    private const int Deep = 100_000;

    private static LexedFile LexC(byte[] bytes) => CLexer.Lex(bytes);

    private static LexedFile LexRust(byte[] bytes) => RustLexer.Lex(bytes);

    [Fact]
    public void An_unterminated_C_block_comment_runs_to_the_end_of_the_file()
    {
        using var file = Lexed.C("int x;\n/* open\nstill open\n");

        file.Lines.ToArray().ShouldBe([Code, Comment, Comment]);
        file.ShouldAddUp();
    }

    [Fact]
    public void An_unterminated_C_string_ends_at_the_end_of_its_line()
    {
        using var file = Lexed.C("char *s = \"open\n// a comment\n");

        file.Lines.ToArray().ShouldBe([Code, Comment]);
        file.ShouldAddUp();
    }

    [Fact]
    public void An_unterminated_C_raw_string_runs_to_the_end_of_the_file()
    {
        using var file = Lexed.C("auto s = R\"(open\n// inside\n\nmore");

        file.Lines.ToArray().ShouldBe([Code, Code, Blank, Code]);
        file.ShouldAddUp();
    }

    [Fact]
    public void A_C_file_ending_in_a_backslash_is_counted()
    {
        using var file = Lexed.C("int x; \\");

        file.Lines.ToArray().ShouldBe([Code]);
        file.ShouldAddUp();
    }

    [Fact]
    public void An_unterminated_Rust_block_comment_runs_to_the_end_of_the_file()
    {
        using var file = Lexed.Rust("fn f() {}\n/* open /* nested */\nstill open");

        file.Lines.ToArray().ShouldBe([Code, Comment, Comment]);
        file.ShouldAddUp();
    }

    [Fact]
    public void An_unterminated_Rust_string_runs_to_the_end_of_the_file()
    {
        using var file = Lexed.Rust("let s = \"open\n\n// inside");

        file.Lines.ToArray().ShouldBe([Code, Blank, Code]);
        file.ShouldAddUp();
    }

    [Fact]
    public void An_unterminated_Rust_raw_string_runs_to_the_end_of_the_file()
    {
        using var file = Lexed.Rust("let s = r#\"open\"\nmore\"#");

        file.Lines.ToArray().ShouldBe([Code, Code]);
        file.ShouldAddUp();
    }

    [Fact]
    public void A_Rust_char_literal_cut_off_after_its_backslash_keeps_the_line_break()
    {
        using var file = Lexed.Rust("let c = '\\\nlet d = 1;\n");

        file.ShouldAddUp();
        file.Lines.ToArray().ShouldBe([Code, Code]);
        file.Single("d").Line.ShouldBe(2);
    }

    [Fact]
    public void A_Rust_byte_literal_cut_off_after_its_backslash_keeps_the_line_break()
    {
        using var file = Lexed.Rust("let c = b'\\\n// next\n");

        file.ShouldAddUp();
        file.Lines.ToArray().ShouldBe([Code, Comment]);
    }

    [Fact]
    public void A_Rust_quote_before_a_broken_multi_byte_sequence_keeps_the_line_break()
    {
        // 0xE0 announces a three-byte sequence, but a newline follows it: the quote is not a char literal holding it.
        byte[] bytes = [(byte)'\'', 0xE0, (byte)'\n', (byte)'x', (byte)'\'', (byte)'\n'];

        using var file = LexRust(bytes);

        file.ShouldAddUp();
    }

    [Fact]
    public void An_empty_input_has_no_lines_and_no_tokens()
    {
        using var c = LexC([]);
        using var rust = LexRust([]);

        c.Lines.Length.ShouldBe(0);
        c.TokenCount.ShouldBe(0);
        rust.Lines.Length.ShouldBe(0);
        rust.TokenCount.ShouldBe(0);
        CConstructScanner.Scan(c, "f.c").Functions.ShouldBeEmpty();
        RustUnsafeScanner.Scan(rust, "src/lib.rs").Regions.ShouldBeEmpty();
    }

    [Fact]
    public void A_file_of_only_backslash_continuations_is_code_on_every_line()
    {
        using var c = Lexed.C("\\\n\\\n\\\n");
        using var rust = Lexed.Rust("\\\n\\\n\\\n");

        c.Lines.ToArray().ShouldBe([Code, Code, Code]);
        rust.Lines.ToArray().ShouldBe([Code, Code, Code]);
        CConstructScanner.Scan(c, "f.c").Functions.ShouldBeEmpty();
    }

    [Fact]
    public void A_10_MiB_single_line_is_one_code_line()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("x = x + 1; ", (10 * 1024 * 1024 / 11) + 1)));

        using var c = LexC(bytes);
        using var rust = LexRust(bytes);

        c.Lines.ToArray().ShouldBe([Code]);
        rust.Lines.ToArray().ShouldBe([Code]);
        CConstructScanner.Scan(c, "big.c").Count(MigrationTracker.Core.Analysis.CConstruct.Goto).ShouldBe(0);
        RustUnsafeScanner.Scan(rust, "src/big.rs").CodeLines.ShouldBe(1);
    }

    [Fact]
    public void A_10_MiB_block_comment_on_one_line_is_one_comment_line()
    {
        var bytes = new byte[10 * 1024 * 1024];
        bytes.AsSpan().Fill((byte)'x');
        "/*"u8.CopyTo(bytes);
        "*/"u8.CopyTo(bytes.AsSpan(bytes.Length - 2));

        using var c = LexC(bytes);
        using var rust = LexRust(bytes);

        c.Lines.ToArray().ShouldBe([Comment]);
        rust.Lines.ToArray().ShouldBe([Comment]);
    }

    [Fact]
    public void A_hundred_thousand_nested_braces_scan_without_failing()
    {
        var text = new string('{', Deep) + "\n" + new string('}', Deep) + "\n";

        using var c = Lexed.C(text);
        using var rust = Lexed.Rust(text);

        c.ShouldAddUp();
        CConstructScanner.Scan(c, "f.c").Functions.ShouldBeEmpty();
        RustUnsafeScanner.Scan(rust, "src/lib.rs").CodeLines.ShouldBe(2);
    }

    [Fact]
    public void A_hundred_thousand_nested_unsafe_blocks_scan_without_failing()
    {
        var text = string.Concat(Enumerable.Repeat("unsafe {", Deep)) + "\n" + new string('}', Deep) + "\n";

        using var rust = Lexed.Rust(text);
        var found = RustUnsafeScanner.Scan(rust, "src/lib.rs");

        found.Regions.Count.ShouldBe(Deep);
        found.UnsafeLines.ShouldBe(2);
    }

    [Fact]
    public void A_hundred_thousand_unclosed_braces_scan_without_failing()
    {
        var text = "void f(void)\n" + new string('{', Deep) + "\n";

        using var c = Lexed.C(text);
        using var rust = Lexed.Rust(text);

        Should.NotThrow(() => CConstructScanner.Scan(c, "f.c"));
        Should.NotThrow(() => RustUnsafeScanner.Scan(rust, "src/lib.rs"));
    }

    [Fact]
    public void A_hundred_thousand_nested_parentheses_scan_without_failing()
    {
        var expression = new string('(', Deep) + "p" + new string(')', Deep);
        var cText = $"void f(void)\n{{\n    x = {expression};\n}}\nint g = {expression};\n";
        var rustText = $"fn f() {{\n    let x = unsafe {{ {expression} }};\n}}\n";

        using var c = Lexed.C(cText);
        using var rust = Lexed.Rust(rustText);
        var constructs = CConstructScanner.Scan(c, "f.c");
        var found = RustUnsafeScanner.Scan(rust, "src/lib.rs");

        c.ShouldAddUp();
        constructs.Functions.ShouldHaveSingleItem().Name.ShouldBe("f");
        found.UnsafeLines.ShouldBe(1);
    }

    [Fact]
    public void A_hundred_thousand_unmatched_closing_braces_scan_without_failing()
    {
        var text = new string('}', Deep) + "\nint g;\n";

        using var c = Lexed.C(text);
        using var rust = Lexed.Rust(text);

        CConstructScanner.Scan(c, "f.c").Count(MigrationTracker.Core.Analysis.CConstruct.MutableGlobal).ShouldBe(1);
        RustUnsafeScanner.Scan(rust, "src/lib.rs").Regions.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_bytes_lex_and_scan_with_every_line_counted_once(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            var bytes = new byte[random.Next(0, 4000)];
            random.NextBytes(bytes);

            using var c = LexC(bytes);
            using var rust = LexRust(bytes);

            c.ShouldAddUp();
            rust.ShouldAddUp();
            Should.NotThrow(() => CConstructScanner.Scan(c, "random.c"));
            Should.NotThrow(() => RustUnsafeScanner.Scan(rust, "src/random.rs"));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Random_source_punctuation_lexes_and_scans_with_every_line_counted_once(int seed)
    {
        // Random text from the characters that steer the lexers: quotes, slashes, stars, backslashes, braces, newlines.
        const string Alphabet = "\"'\\/*#{}()[];:?r b\n\r\tuR8x0.-+e<>=&|";
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(0, 400)];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            using var c = LexC(bytes);
            using var rust = LexRust(bytes);

            c.ShouldAddUp();
            rust.ShouldAddUp();
            Should.NotThrow(() => CConstructScanner.Scan(c, "random.c"));
            Should.NotThrow(() => RustUnsafeScanner.Scan(rust, "src/random.rs"));
        }
    }
}
