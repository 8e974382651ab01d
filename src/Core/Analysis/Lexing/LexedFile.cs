namespace MigrationTracker.Core.Analysis.Lexing;

/// <summary>How cloc counts a line: blank (only white space), comment (only comment), code (anything else).</summary>
public enum LineKind : byte
{
    Blank = 0,
    Comment = 1,
    Code = 2,
}

public enum TokenKind : byte
{
    Identifier = 0,
    Number = 1,
    StringLiteral = 2,
    CharLiteral = 3,
    Punctuation = 4,

    /// <summary>A Rust lifetime or loop label (<c>'a</c>).</summary>
    Lifetime = 5,
}

[Flags]
public enum TokenTraits : byte
{
    None = 0,

    /// <summary>The token is part of a preprocessor line (C/C++).</summary>
    Directive = 1,

    /// <summary>The <c>#</c> that starts a preprocessor line.</summary>
    DirectiveStart = 2,
}

/// <summary>A token outside comments: where it starts in the text, how long it is, and its line (from 1).</summary>
public readonly record struct Token(TokenKind Kind, int Start, int Length, int Line, TokenTraits Flags)
{
    public int End => Start + Length;

    public bool InDirective => (Flags & TokenTraits.Directive) != 0;
}

/// <summary>
/// The result of lexing one file: every line's kind and the tokens outside comments. Its arrays
/// come from a pool: dispose it when done (an undisposed one is simply collected).
/// </summary>
public sealed class LexedFile : IDisposable
{
    private LineKind[] _lines;
    private readonly int _lineCount;
    private Token[] _tokens;

    internal LexedFile(ReadOnlyMemory<byte> text, GrowableBuffer<LineKind> lines, GrowableBuffer<Token> tokens)
    {
        Text = text;
        _lines = lines.Array;
        _lineCount = lines.Count;
        _tokens = tokens.Array;
        TokenCount = tokens.Count;
        BlankLines = Lines.Count(LineKind.Blank);
        CommentLines = Lines.Count(LineKind.Comment);
        CodeLines = _lineCount - BlankLines - CommentLines;
    }

    /// <summary>The file's UTF-8 text; tokens index into it.</summary>
    public ReadOnlyMemory<byte> Text { get; }

    /// <summary>Kind of each line; index 0 is line 1.</summary>
    public ReadOnlySpan<LineKind> Lines => _lines.AsSpan(0, _lineCount);

    public ReadOnlySpan<Token> Tokens => _tokens.AsSpan(0, TokenCount);

    /// <summary>The token array (valid up to <see cref="TokenCount"/>), for scanners that look around a position.</summary>
    public Token[] TokenArray => _tokens;

    public int TokenCount { get; }

    public int BlankLines { get; }

    public int CommentLines { get; }

    public int CodeLines { get; }

    public void Dispose()
    {
        System.Buffers.ArrayPool<LineKind>.Shared.Return(_lines);
        System.Buffers.ArrayPool<Token>.Shared.Return(_tokens);
        _lines = [];
        _tokens = [];
    }

    public ReadOnlySpan<byte> TextOf(Token token) => Text.Span.Slice(token.Start, token.Length);

    public string StringOf(Token token) => System.Text.Encoding.UTF8.GetString(TextOf(token));

    public bool Is(Token token, ReadOnlySpan<byte> value) => TextOf(token).SequenceEqual(value);

    public bool IsPunctuation(Token token, char value) => token.Kind == TokenKind.Punctuation && token.Length == 1 && Text.Span[token.Start] == value;

    /// <summary>Code lines between two lines, inclusive.</summary>
    public int CodeLinesBetween(int firstLine, int lastLine) =>
        Lines.Slice(firstLine - 1, lastLine - firstLine + 1).Count(LineKind.Code);
}
