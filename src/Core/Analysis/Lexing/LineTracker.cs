namespace MigrationTracker.Core.Analysis.Lexing;

/// <summary>
/// Builds the per-line classification as a lexer walks the text. Lexers report only characters
/// that are not white space, so a line of white space stays blank whatever state it is in, as in
/// cloc. Two of cloc's habits are kept on purpose, so that the counts match it line for line:
/// a line after a backslash-continued line is code even when it holds only white space or a comment
/// (cloc keeps it with the line before), and a block comment spanning lines joins its first and
/// last lines into one (cloc deletes the comment, newlines included).
/// </summary>
internal sealed class LineTracker(int capacityHint)
{
    private readonly GrowableBuffer<LineKind> _lines = new(capacityHint);
    private bool _hasCode;
    private bool _hasComment;
    private LineKind? _continuationKind;
    private int _joinedToLine;

    public bool HasCode => _hasCode;

    /// <summary>The current line, from 1.</summary>
    public int Line { get; private set; } = 1;

    public void Code() => _hasCode = true;

    public void Comment() => _hasComment = true;

    /// <summary>The current line ends with a backslash-newline; a white-space line after it counts as <paramref name="kind"/>.</summary>
    public void EndContinuedLine(LineKind kind)
    {
        EndLine();
        _continuationKind = kind;
    }

    /// <summary>
    /// The current line ends a block comment that began on <paramref name="firstLine"/>. cloc deletes the
    /// comment with its newlines, so what follows it on this line joins the first line: the first line
    /// is code if either part is, and this line counts as comment.
    /// </summary>
    public void JoinToLine(int firstLine) => _joinedToLine = firstLine;

    public void EndLine()
    {
        LineKind kind;
        if (_joinedToLine > 0)
        {
            if (_hasCode)
            {
                _lines[_joinedToLine - 1] = LineKind.Code;
            }

            kind = LineKind.Comment;
        }
        else if (_hasCode || _continuationKind == LineKind.Code)
        {
            // A line that continues code is code to cloc even when it holds only a comment or white space.
            kind = LineKind.Code;
        }
        else if (_hasComment)
        {
            kind = LineKind.Comment;
        }
        else
        {
            kind = _continuationKind ?? LineKind.Blank;
        }

        _lines.Add(kind);
        _hasCode = false;
        _hasComment = false;
        _continuationKind = null;
        _joinedToLine = 0;
        Line++;
    }

    /// <summary>Closes the last line unless the text ended with a newline: like cloc, no line follows a final newline.</summary>
    public GrowableBuffer<LineKind> Finish(ReadOnlySpan<byte> text)
    {
        if (text.Length > 0 && text[^1] != (byte)'\n')
        {
            EndLine();
        }

        return _lines;
    }

    /// <summary>What cloc (Perl's \s) takes for white space within a line.</summary>
    public static readonly System.Buffers.SearchValues<byte> Spaces = System.Buffers.SearchValues.Create(" \t\r\f\v"u8);

    public static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v';
}
