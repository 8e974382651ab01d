using System.Text;
using MigrationTracker.Core.Analysis.Lexing;

namespace MigrationTracker.Core.Tests.Analysis.Lexing;

/// <summary>Lexes small inline fixtures: "lex this text and tell me its lines".</summary>
internal static class Lexed
{
    public static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static LexedFile C(string text) => CLexer.Lex(Utf8(text));

    public static LexedFile Rust(string text) => RustLexer.Lex(Utf8(text));

    public static LineKind[] CLineKinds(string text)
    {
        using var file = C(text);
        return file.Lines.ToArray();
    }

    public static LineKind[] RustLineKinds(string text)
    {
        using var file = Rust(text);
        return file.Lines.ToArray();
    }

    public static (int Blank, int Comment, int Code) CCounts(string text)
    {
        using var file = C(text);
        return (file.BlankLines, file.CommentLines, file.CodeLines);
    }

    public static (int Blank, int Comment, int Code) RustCounts(string text)
    {
        using var file = Rust(text);
        return (file.BlankLines, file.CommentLines, file.CodeLines);
    }

    /// <summary>Lines as cloc sees them: one per newline, plus a last line without one.</summary>
    public static int PhysicalLines(ReadOnlySpan<byte> text) =>
        text.Count((byte)'\n') + (text.Length > 0 && text[^1] != (byte)'\n' ? 1 : 0);

    /// <summary>Every physical line is classified exactly once, and blank + comment + code is the line count.</summary>
    public static void ShouldAddUp(this LexedFile file)
    {
        var lines = PhysicalLines(file.Text.Span);
        file.Lines.Length.ShouldBe(lines);
        (file.BlankLines + file.CommentLines + file.CodeLines).ShouldBe(lines);
    }

    /// <summary>The text of every token, in order.</summary>
    public static string[] TokenTexts(this LexedFile file)
    {
        var texts = new string[file.TokenCount];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = file.StringOf(file.Tokens[i]);
        }

        return texts;
    }

    /// <summary>The single token whose text is <paramref name="text"/>.</summary>
    public static Token Single(this LexedFile file, string text)
    {
        Token? found = null;
        foreach (var token in file.Tokens)
        {
            if (file.StringOf(token) == text)
            {
                found.ShouldBeNull($"more than one token reads {text}");
                found = token;
            }
        }

        found.ShouldNotBeNull($"no token reads {text}; tokens: {string.Join(" ", file.TokenTexts())}");
        return found.Value;
    }
}
