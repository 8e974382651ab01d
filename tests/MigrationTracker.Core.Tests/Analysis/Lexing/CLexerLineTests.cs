using MigrationTracker.Core.Analysis.Lexing;
using static MigrationTracker.Core.Analysis.Lexing.LineKind;

namespace MigrationTracker.Core.Tests.Analysis.Lexing;

/// <summary>cloc's line rules for C and C++: every line is blank, comment or code.</summary>
public sealed class CLexerLineTests
{
    [Fact]
    public void A_line_comment_is_a_comment_line()
    {
        Lexed.CLineKinds("// hello\nint x;\n").ShouldBe([Comment, Code]);
    }

    [Fact]
    public void A_one_line_block_comment_is_a_comment_line()
    {
        Lexed.CLineKinds("/* hello */\nint x;\n").ShouldBe([Comment, Code]);
    }

    [Fact]
    public void An_empty_line_is_blank()
    {
        Lexed.CLineKinds("int x;\n\n   \t\nint y;\n").ShouldBe([Code, Blank, Blank, Code]);
    }

    [Theory]
    [InlineData("int x; // the count\n")]
    [InlineData("int x; /* the count */\n")]
    [InlineData("/* the count */ int x;\n")]
    public void A_code_line_with_a_comment_is_code(string text)
    {
        Lexed.CLineKinds(text).ShouldBe([Code]);
    }

    [Fact]
    public void Every_line_inside_a_block_comment_is_a_comment_line()
    {
        const string Text = """
            /*
             * one
             * two
             */
            int x;
            """;

        Lexed.CLineKinds(Text).ShouldBe([Comment, Comment, Comment, Comment, Code]);
    }

    [Fact]
    public void White_space_lines_inside_a_block_comment_are_blank()
    {
        Lexed.CLineKinds("/* start\n   \n\n\t\nend */\nint x;\n").ShouldBe([Comment, Blank, Blank, Blank, Comment, Code]);
    }

    [Fact]
    public void Code_after_a_multi_line_comment_moves_to_the_comment_first_line_as_cloc_counts_it()
    {
        // cloc deletes the comment with its newlines: "int b;" joins line 1, and line 2 is left as comment.
        Lexed.CLineKinds("/* start\nend */ int b;\n").ShouldBe([Code, Comment]);
    }

    [Fact]
    public void A_multi_line_comment_between_code_keeps_the_code_line_and_leaves_its_last_line_comment()
    {
        Lexed.CLineKinds("int a; /* start\nmiddle\nend */ int b;\nint c;\n").ShouldBe([Code, Comment, Comment, Code]);
    }

    [Theory]
    [InlineData("const char *s = \"http://example\";\nint x;\n")]
    [InlineData("const char *s = \"/*\";\nint x;\n")]
    [InlineData("const char *s = \"*/ //\";\nint x;\n")]
    public void Comment_markers_inside_a_string_are_code(string text)
    {
        Lexed.CLineKinds(text).ShouldBe([Code, Code]);
    }

    [Fact]
    public void A_double_quote_char_literal_does_not_open_a_string()
    {
        // Were '"' to open a string, it would run to the end of line 1 and "b */" on line 2 would be code.
        const string Text = """
            char q = '"'; /* a
            b */
            """;

        Lexed.CLineKinds(Text).ShouldBe([Code, Comment]);
    }

    [Fact]
    public void An_escaped_single_quote_char_literal_ends_at_its_closing_quote()
    {
        const string Text = """
            char q = '\''; /* a
            b */
            """;

        Lexed.CLineKinds(Text).ShouldBe([Code, Comment]);
    }

    [Fact]
    public void An_escaped_double_quote_does_not_end_a_string()
    {
        // If \" ended the string, "; /* x" would be a second string and "y */" on line 2 would be code.
        const string Text = """
            const char *s = "say \"hi\" // not a comment \" /* x";
            int y;
            """;

        Lexed.CLineKinds(Text).ShouldBe([Code, Code]);
    }

    [Fact]
    public void An_escaped_backslash_before_the_closing_quote_ends_the_string()
    {
        const string Text = """
            const char *s = "C:\\"; /* a
            b */
            """;

        Lexed.CLineKinds(Text).ShouldBe([Code, Comment]);
    }

    [Fact]
    public void A_raw_string_spanning_lines_is_code_whatever_it_holds()
    {
        const string Text = """
            auto s = R"x(
            /* not a comment */
            // nor this
            )" still inside
            )x";
            int y;
            """;

        Lexed.CLineKinds(Text).ShouldBe([Code, Code, Code, Code, Code, Code]);
    }

    [Fact]
    public void A_u8_raw_string_is_a_raw_string()
    {
        const string Text = """
            auto s = u8R"(
            // inside
            )";
            // outside
            """;

        Lexed.CLineKinds(Text).ShouldBe([Code, Code, Code, Comment]);
    }

    [Fact]
    public void A_backslash_at_the_end_of_a_line_comment_swallows_the_next_line()
    {
        Lexed.CLineKinds("// one \\\nint two;\nint three;\n").ShouldBe([Comment, Comment, Code]);
    }

    [Fact]
    public void Preprocessor_lines_are_code()
    {
        const string Text = """
            #include <ntddk.h>
            #define POOL_TAG 'ohcE'
            #pragma once
            """;

        Lexed.CLineKinds(Text).ShouldBe([Code, Code, Code]);
    }

    [Fact]
    public void A_continued_define_is_code_on_every_line()
    {
        Lexed.CLineKinds("#define MAX(a, b) \\\n    ((a) > (b) ? (a) : (b))\nint x;\n").ShouldBe([Code, Code, Code]);
    }

    [Fact]
    public void A_blank_line_after_a_continued_code_line_is_code_as_cloc_counts_it()
    {
        Lexed.CLineKinds("#define A \\\n\nint y;\n").ShouldBe([Code, Code, Code]);
    }

    [Fact]
    public void A_comment_line_after_a_continued_code_line_is_code_as_cloc_counts_it()
    {
        Lexed.CLineKinds("int x = 1 + \\\n    // one\n    2;\n").ShouldBe([Code, Code, Code]);
    }

    [Fact]
    public void A_file_without_a_final_newline_counts_its_last_line()
    {
        Lexed.CLineKinds("int x;\n// last").ShouldBe([Code, Comment]);
    }

    [Fact]
    public void No_line_follows_a_final_newline()
    {
        Lexed.CLineKinds("int x;\n").ShouldBe([Code]);
    }

    [Fact]
    public void CRLF_line_endings_count_like_LF()
    {
        Lexed.CLineKinds("int x;\r\n\r\n// c\r\n/* a\r\n b */\r\n").ShouldBe([Code, Blank, Comment, Comment, Comment]);
    }

    [Fact]
    public void A_line_with_only_a_form_feed_is_blank()
    {
        Lexed.CLineKinds("int x;\n\f\nint y;\n").ShouldBe([Code, Blank, Code]);
    }

    [Fact]
    public void Digit_separators_do_not_open_a_char_literal()
    {
        // Were ' to open char literals, "'; /* a" would be one and "b */" on line 2 would be code.
        const string Text = """
            int n = 1'000'000; /* a
            b */
            """;

        Lexed.CLineKinds(Text).ShouldBe([Code, Comment]);
    }

    [Fact]
    public void Counts_of_a_small_driver_file_match_a_hand_count()
    {
        const string Text = """
            /*++
            Module Name: queue.c
            --*/

            #include "driver.h"
            #include "queue.tmh"

            // The queue's context.
            ULONG g_Count; // requests seen

            NTSTATUS
            EchoQueueInitialize(WDFDEVICE Device)
            {
                /* a
                   multi-line
                   comment */
                if (Device == NULL) { return STATUS_INVALID_PARAMETER; }

                return STATUS_SUCCESS;
            }
            """;

        // blank: 4, 7, 10, 18; comment: 1-3, 8, 14-16; code: 5, 6, 9, 11-13, 17, 19, 20.
        Lexed.CCounts(Text).ShouldBe((4, 7, 9));
    }
}
