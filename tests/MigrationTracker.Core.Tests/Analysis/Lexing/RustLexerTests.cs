using MigrationTracker.Core.Analysis.Lexing;
using static MigrationTracker.Core.Analysis.Lexing.LineKind;

namespace MigrationTracker.Core.Tests.Analysis.Lexing;

public sealed class RustLexerTests
{
    [Fact]
    public void Doc_comments_are_comment_lines()
    {
        Lexed.RustLineKinds("//! Crate docs.\n/// Item docs.\nfn f() {}\n").ShouldBe([Comment, Comment, Code]);
    }

    [Fact]
    public void A_nested_block_comment_on_one_line_is_one_comment()
    {
        // Were nesting ignored, " c */" would be left over as code.
        Lexed.RustLineKinds("/* a /* b */ c */\nfn f() {}\n").ShouldBe([Comment, Code]);
    }

    [Fact]
    public void A_nested_block_comment_over_lines_is_one_comment()
    {
        const string Text = """
            /* outer
            /* inner */
            still outer */
            fn f() {}
            """;

        Lexed.RustLineKinds(Text).ShouldBe([Comment, Comment, Comment, Code]);
    }

    [Fact]
    public void A_raw_string_with_quotes_and_slashes_is_one_token()
    {
        using var file = Lexed.Rust("""let s = r#"say "hi" // there"#; let t = 1;""");

        file.TokenTexts().ShouldBe(["let", "s", "=", "r#\"say \"hi\" // there\"#", ";", "let", "t", "=", "1", ";"]);
        file.Single("r#\"say \"hi\" // there\"#").Kind.ShouldBe(TokenKind.StringLiteral);
    }

    [Fact]
    public void A_raw_string_over_lines_is_code_whatever_it_holds()
    {
        const string Text = """
            let s = r#"
            "// not a comment
            /* nor this
            "#;
            // a comment
            """;

        Lexed.RustLineKinds(Text).ShouldBe([Code, Code, Code, Code, Comment]);
    }

    [Fact]
    public void Byte_strings_are_string_literals()
    {
        using var file = Lexed.Rust("""let a = b"//x"; let b = br"/*"; let c = br#"a"b"#;""");

        file.Single("b\"//x\"").Kind.ShouldBe(TokenKind.StringLiteral);
        file.Single("br\"/*\"").Kind.ShouldBe(TokenKind.StringLiteral);
        file.Single("br#\"a\"b\"#").Kind.ShouldBe(TokenKind.StringLiteral);
        file.Single("c").Kind.ShouldBe(TokenKind.Identifier);
    }

    [Fact]
    public void A_byte_string_holding_a_comment_opener_leaves_the_next_line_code()
    {
        Lexed.RustLineKinds("let b = br\"/*\";\nlet c = 1;\n").ShouldBe([Code, Code]);
    }

    [Theory]
    [InlineData("'a'")]
    [InlineData("'\\n'")]
    [InlineData("'\\''")]
    [InlineData("'\\\\'")]
    [InlineData("'\\u{1F600}'")]
    [InlineData("'\"'")]
    [InlineData("'é'")]
    [InlineData("'😀'")]
    [InlineData("b'x'")]
    public void Char_literals_are_one_token(string literal)
    {
        using var file = Lexed.Rust($"let c = {literal};");

        file.TokenTexts().ShouldBe(["let", "c", "=", literal, ";"]);
        file.Single(literal).Kind.ShouldBe(TokenKind.CharLiteral);
    }

    [Fact]
    public void A_double_quote_char_literal_does_not_open_a_string()
    {
        // Were '"' to open a string, it would run on over line 2 and "b */" would be code.
        const string Text = """
            let q = '"'; /* a
            b */
            """;

        Lexed.RustLineKinds(Text).ShouldBe([Code, Comment]);
    }

    [Fact]
    public void Lifetimes_are_not_char_literals()
    {
        using var file = Lexed.Rust("fn f<'a>(x: &'a str) -> &'static str { x }");

        file.TokenTexts().ShouldBe(["fn", "f", "<", "'a", ">", "(", "x", ":", "&", "'a", "str", ")", "->", "&", "'static", "str", "{", "x", "}"]);
        file.Single("'static").Kind.ShouldBe(TokenKind.Lifetime);
    }

    [Fact]
    public void A_lifetime_does_not_swallow_the_code_after_it()
    {
        // Were 'a to open a char literal, the rest of line 1 would be eaten and "b */" would be code.
        const string Text = """
            impl<'a> S<'a> { fn g(&'a self) {} } /* a
            b */
            """;

        Lexed.RustLineKinds(Text).ShouldBe([Code, Comment]);
    }

    [Fact]
    public void A_loop_label_is_a_lifetime_token()
    {
        using var file = Lexed.Rust("'outer: loop { break 'outer; }");

        file.Tokens[0].Kind.ShouldBe(TokenKind.Lifetime);
        file.StringOf(file.Tokens[0]).ShouldBe("'outer");
    }

    [Fact]
    public void A_raw_identifier_is_one_identifier_token()
    {
        using var file = Lexed.Rust("let r#match = 1;");

        file.TokenTexts().ShouldBe(["let", "r#match", "=", "1", ";"]);
        file.Single("r#match").Kind.ShouldBe(TokenKind.Identifier);
    }

    [Fact]
    public void A_string_spanning_lines_is_code_on_every_line()
    {
        const string Text = """
            let s = "first
            second // not a comment
            /* nor this";
            let t = 1;
            """;

        Lexed.RustLineKinds(Text).ShouldBe([Code, Code, Code, Code]);
    }

    [Fact]
    public void An_escaped_quote_does_not_end_a_string()
    {
        const string Text = """
            let s = "a \" /* b";
            let t = 1;
            """;

        Lexed.RustLineKinds(Text).ShouldBe([Code, Code]);
    }

    [Fact]
    public void Unsafe_in_comments_and_strings_changes_no_line_kind()
    {
        const string Text = """
            // unsafe { }
            /* unsafe fn f() {} */
            let s = "unsafe { }";
            """;

        Lexed.RustLineKinds(Text).ShouldBe([Comment, Comment, Code]);
    }

    [Fact]
    public void Code_after_a_multi_line_comment_moves_to_the_comment_first_line_as_cloc_counts_it()
    {
        Lexed.RustLineKinds("/* start\nend */ let b = 1;\n").ShouldBe([Code, Comment]);
    }

    [Fact]
    public void Ranges_and_method_calls_on_numbers_are_split_from_the_number()
    {
        using var file = Lexed.Rust("for i in 1..2 { 1.max(2); 1.5e-3; }");

        file.TokenTexts().ShouldContain("1.5e-3");
        file.TokenTexts().Take(6).ShouldBe(["for", "i", "in", "1", ".", "."]);
        file.TokenTexts().ShouldContain("max");
    }

    [Fact]
    public void Counts_of_a_small_Rust_file_match_a_hand_count()
    {
        const string Text = """
            //! Echo driver.

            use core::ptr;

            /* Reads /* nested */ a byte. */
            pub fn read<'a>(p: &'a u8) -> u8 {
                let q = '\'';
                let s = r#"/* " */"#;
                *p // deref
            }
            """;

        // blank: 2, 4; comment: 1, 5; code: 3, 6-10.
        Lexed.RustCounts(Text).ShouldBe((2, 2, 6));
    }
}
