using MigrationTracker.Core.Analysis.Lexing;

namespace MigrationTracker.Core.Tests.Analysis.Lexing;

public sealed class CLexerTokenTests
{
    [Fact]
    public void The_hash_of_a_preprocessor_line_starts_a_directive()
    {
        using var file = Lexed.C("#include <ntddk.h>\nint x;\n");

        var hash = file.Tokens[0];
        file.StringOf(hash).ShouldBe("#");
        hash.Flags.ShouldBe(TokenTraits.Directive | TokenTraits.DirectiveStart);
        file.Single("include").Flags.ShouldBe(TokenTraits.Directive);
    }

    [Fact]
    public void Tokens_after_a_directive_line_are_not_in_the_directive()
    {
        using var file = Lexed.C("#define X 1\nint x;\n");

        file.Single("X").InDirective.ShouldBeTrue();
        file.Single("int").InDirective.ShouldBeFalse();
        file.Single("int").Line.ShouldBe(2);
    }

    [Fact]
    public void Every_line_of_a_continued_define_is_in_the_directive()
    {
        using var file = Lexed.C("#define CHECK(s) \\\n    if (!NT_SUCCESS(s)) \\\n        return s\nint after;\n");

        file.Single("if").InDirective.ShouldBeTrue();
        file.Single("if").Line.ShouldBe(2);
        file.Single("return").InDirective.ShouldBeTrue();
        file.Single("return").Line.ShouldBe(3);
        file.Single("after").InDirective.ShouldBeFalse();
        file.Single("after").Line.ShouldBe(4);
    }

    [Fact]
    public void A_hash_after_code_on_a_line_does_not_start_a_directive()
    {
        using var file = Lexed.C("#define STR(x) #x\nint a = b # c;\n");

        var hashes = file.Tokens.ToArray().Where(t => file.StringOf(t) == "#").ToArray();
        hashes.Length.ShouldBe(3);
        hashes[0].Flags.ShouldBe(TokenTraits.Directive | TokenTraits.DirectiveStart);
        hashes[1].Flags.ShouldBe(TokenTraits.Directive);
        hashes[2].Flags.ShouldBe(TokenTraits.None);
    }

    [Fact]
    public void An_indented_hash_starts_a_directive()
    {
        using var file = Lexed.C("  #  if DBG\n#endif\n");

        file.Tokens[0].Flags.ShouldBe(TokenTraits.Directive | TokenTraits.DirectiveStart);
        file.Single("if").InDirective.ShouldBeTrue();
    }

    [Fact]
    public void Identifiers_and_punctuation_are_split_as_C_reads_them()
    {
        using var file = Lexed.C("p->Next = ns::Value(a, ...) && b || !c;");

        file.TokenTexts().ShouldBe(["p", "->", "Next", "=", "ns", "::", "Value", "(", "a", ",", "...", ")", "&&", "b", "||", "!", "c", ";"]);
    }

    [Fact]
    public void Token_kinds_are_told_apart()
    {
        using var file = Lexed.C("x = L\"wide\" + 'c' + 0x1F;");

        file.Tokens.ToArray().Select(t => t.Kind).ShouldBe(
            [TokenKind.Identifier, TokenKind.Punctuation, TokenKind.StringLiteral, TokenKind.Punctuation, TokenKind.CharLiteral, TokenKind.Punctuation, TokenKind.Number, TokenKind.Punctuation]);
        file.Single("L\"wide\"").Kind.ShouldBe(TokenKind.StringLiteral);
    }

    [Fact]
    public void A_number_with_digit_separators_is_one_token()
    {
        using var file = Lexed.C("int n = 1'000'000;");

        file.TokenTexts().ShouldBe(["int", "n", "=", "1'000'000", ";"]);
        file.Single("1'000'000").Kind.ShouldBe(TokenKind.Number);
    }

    [Fact]
    public void A_hex_float_with_a_negative_exponent_is_one_token()
    {
        using var file = Lexed.C("double d = 0x1p-3;");

        file.TokenTexts().ShouldBe(["double", "d", "=", "0x1p-3", ";"]);
    }

    [Fact]
    public void A_hex_number_ending_in_e_does_not_take_the_minus()
    {
        using var file = Lexed.C("x = 0x1e-3;");

        file.TokenTexts().ShouldBe(["x", "=", "0x1e", "-", "3", ";"]);
    }

    [Fact]
    public void A_decimal_exponent_is_part_of_the_number()
    {
        using var file = Lexed.C("x = 1.5e-3;");

        file.TokenTexts().ShouldBe(["x", "=", "1.5e-3", ";"]);
    }

    [Fact]
    public void Comments_leave_no_tokens()
    {
        using var file = Lexed.C("a /* b */ c // d\ne");

        file.TokenTexts().ShouldBe(["a", "c", "e"]);
    }

    [Fact]
    public void A_raw_string_is_one_token_with_its_first_line()
    {
        using var file = Lexed.C("s = R\"x(a\n)\"\nb)x\"; t;");

        file.TokenTexts().ShouldBe(["s", "=", "R\"x(a\n)\"\nb)x\"", ";", "t", ";"]);
        file.Single("t").Line.ShouldBe(3);
    }
}
