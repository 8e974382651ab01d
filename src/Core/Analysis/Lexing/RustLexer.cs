namespace MigrationTracker.Core.Analysis.Lexing;

/// <summary>
/// One-pass lexer for Rust: line and nested block comments, strings that span lines, raw, byte and
/// C strings (<c>r#"..."#</c>, <c>b"..."</c>, <c>br"..."</c>, <c>c"..."</c>), char and byte literals
/// told apart from lifetimes, raw identifiers. Never fails on malformed input.
/// </summary>
public static class RustLexer
{
    public static LexedFile Lex(ReadOnlyMemory<byte> utf8)
    {
        var lexer = new Walker(utf8.Span);
        lexer.Run();
        return new LexedFile(utf8, lexer.Lines.Finish(utf8.Span), lexer.Tokens);
    }

    private ref struct Walker(ReadOnlySpan<byte> text)
    {
        private readonly ReadOnlySpan<byte> _s = text;
        private int _i;

        public LineTracker Lines { get; } = new(text.Length / 30);

        public GrowableBuffer<Token> Tokens { get; } = new(text.Length / 5);

        private readonly byte Peek(int offset) => _i + offset < _s.Length ? _s[_i + offset] : (byte)0;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            var s = _s;
            while (_i < s.Length)
            {
                var c = s[_i];
                if (c == '\n')
                {
                    Lines.EndLine();
                    _i++;
                    continue;
                }

                if (LineTracker.IsSpace(c))
                {
                    _i++;
                    continue;
                }

                if (c == '/' && Peek(1) == '/')
                {
                    LineComment();
                    continue;
                }

                if (c == '/' && Peek(1) == '*')
                {
                    BlockComment();
                    continue;
                }

                Lines.Code();
                var start = _i;
                var line = Lines.Line;
                TokenKind kind;
                if (c == '"')
                {
                    QuotedString();
                    kind = TokenKind.StringLiteral;
                }
                else if (c == '\'')
                {
                    kind = CharOrLifetime();
                }
                else if (IsIdentifierStart(c))
                {
                    kind = IdentifierOrPrefixedLiteral();
                }
                else if (char.IsAsciiDigit((char)c))
                {
                    Number();
                    kind = TokenKind.Number;
                }
                else
                {
                    _i += CLexer.PunctuationLength(s, _i);
                    kind = TokenKind.Punctuation;
                }

                Tokens.Add(new Token(kind, start, _i - start, line, TokenTraits.None));
            }
        }

        private void LineComment()
        {
            var end = _s[_i..].IndexOf((byte)'\n');
            Lines.Comment();
            _i = end < 0 ? _s.Length : _i + end;
        }

        private void CommentText(ReadOnlySpan<byte> text)
        {
            if (text.ContainsAnyExcept(LineTracker.Spaces))
            {
                Lines.Comment();
            }
        }

        /// <summary>Rust block comments nest: <c>/* a /* b */ c */</c> is one comment.</summary>
        private void BlockComment()
        {
            var firstLine = Lines.Line;
            Lines.Comment();
            _i += 2;
            var depth = 1;
            while (_i < _s.Length)
            {
                var rest = _s[_i..];
                var stop = rest.IndexOfAny((byte)'*', (byte)'/', (byte)'\n');
                CommentText(stop < 0 ? rest : rest[..stop]);
                if (stop < 0)
                {
                    _i = _s.Length;
                    return;
                }

                _i += stop;
                var c = _s[_i];
                if (c == '\n')
                {
                    Lines.EndLine();
                    _i++;
                    continue;
                }

                Lines.Comment();
                if (c == '*' && Peek(1) == '/')
                {
                    _i += 2;
                    if (--depth == 0)
                    {
                        if (Lines.Line != firstLine)
                        {
                            Lines.JoinToLine(firstLine); // as cloc counts it, see LineTracker
                        }

                        return;
                    }

                    continue;
                }

                if (c == '/' && Peek(1) == '*')
                {
                    depth++;
                    _i += 2;
                    continue;
                }

                _i++;
            }
        }

        /// <summary>A "..." literal with escapes; Rust strings may span lines.</summary>
        private void QuotedString()
        {
            _i++;
            while (_i < _s.Length)
            {
                var c = _s[_i];
                if (c == '"')
                {
                    Lines.Code(); // the closing quote may sit alone on the last line of a multi-line string
                    _i++;
                    return;
                }

                if (c == '\\')
                {
                    if (Peek(1) == '\n')
                    {
                        _i++;
                        continue;
                    }

                    _i += 2;
                    continue;
                }

                Track(c);
                _i++;
            }
        }

        /// <summary>r"...", r#"..."#: no escapes; ends at a quote followed by as many #.</summary>
        private void RawString(int hashes)
        {
            while (_i < _s.Length)
            {
                var c = _s[_i];
                _i++;
                Track(c);
                if (c == '"' && Hashes(_i) >= hashes)
                {
                    _i += hashes;
                    return;
                }
            }
        }

        private void Track(byte c)
        {
            if (c == '\n')
            {
                Lines.EndLine();
            }
            else if (!LineTracker.IsSpace(c))
            {
                Lines.Code();
            }
        }

        private readonly int Hashes(int at)
        {
            var count = 0;
            while (at + count < _s.Length && _s[at + count] == '#')
            {
                count++;
            }

            return count;
        }

        /// <summary><c>'a'</c>, <c>'\n'</c>, <c>'\u{1F600}'</c> are chars; <c>'a</c> and <c>'static</c> are lifetimes.</summary>
        private TokenKind CharOrLifetime()
        {
            var next = Peek(1);
            if (next == '\\')
            {
                // Past the quote and the backslash, then the escaped character unless the line ends there.
                _i += 2;
                if (Peek(0) is not ((byte)'\n' or 0))
                {
                    _i++;
                }

                while (_i < _s.Length && _s[_i] != '\'' && _s[_i] != '\n')
                {
                    _i++;
                }

                if (Peek(0) == '\'')
                {
                    _i++;
                }

                return TokenKind.CharLiteral;
            }

            // One code point (1 to 4 UTF-8 bytes) followed by a quote is a char literal.
            var width = next < 0x80 ? 1 : next >= 0xF0 ? 4 : next >= 0xE0 ? 3 : 2;
            if (next != '\n' && next != 0 && Peek(1 + width) == '\'' && IsContinuationRun(2, width - 1))
            {
                _i += 2 + width;
                return TokenKind.CharLiteral;
            }

            _i++;
            while (_i < _s.Length && IsIdentifierPart(_s[_i]))
            {
                _i++;
            }

            return TokenKind.Lifetime;
        }

        /// <summary>Whether <paramref name="count"/> bytes from <paramref name="offset"/> are UTF-8 continuation bytes (never a line break).</summary>
        private readonly bool IsContinuationRun(int offset, int count)
        {
            for (var j = 0; j < count; j++)
            {
                if (Peek(offset + j) is < 0x80 or >= 0xC0)
                {
                    return false;
                }
            }

            return true;
        }

        private TokenKind IdentifierOrPrefixedLiteral()
        {
            var start = _i;
            var c = _s[_i];

            // Raw identifier r#match.
            if (c == 'r' && Peek(1) == '#' && IsIdentifierStart(Peek(2)))
            {
                _i += 2;
                while (_i < _s.Length && IsIdentifierPart(_s[_i]))
                {
                    _i++;
                }

                return TokenKind.Identifier;
            }
            else if (c is (byte)'r' or (byte)'b' or (byte)'c')
            {
                var offset = 1;
                if (c is (byte)'b' or (byte)'c' && Peek(1) == 'r')
                {
                    offset = 2;
                }

                var raw = offset == 2 || c == 'r';
                if (raw)
                {
                    var hashes = Hashes(_i + offset);
                    if (Peek(offset + hashes) == '"')
                    {
                        _i += offset + hashes + 1;
                        RawString(hashes);
                        return TokenKind.StringLiteral;
                    }
                }

                if (c is (byte)'b' or (byte)'c' && Peek(1) == '"')
                {
                    _i++;
                    QuotedString();
                    return TokenKind.StringLiteral;
                }

                if (c == 'b' && Peek(1) == '\'')
                {
                    _i++;
                    var kind = CharOrLifetime();
                    return kind == TokenKind.Lifetime ? TokenKind.Identifier : TokenKind.CharLiteral;
                }
            }

            _i = start;
            while (_i < _s.Length && IsIdentifierPart(_s[_i]))
            {
                _i++;
            }

            return TokenKind.Identifier;
        }

        private void Number()
        {
            _i++;
            while (_i < _s.Length)
            {
                var c = _s[_i];
                if (char.IsAsciiLetterOrDigit((char)c) || c == '_')
                {
                    _i++;
                }
                else if (c == '.' && char.IsAsciiDigit((char)Peek(1)))
                {
                    _i++; // 1.5, but not the range 1..2 or the method call 1.max(2)
                }
                else if ((c == '+' || c == '-') && _s[_i - 1] is (byte)'e' or (byte)'E' && !IsHex())
                {
                    _i++;
                }
                else
                {
                    break;
                }
            }
        }

        private readonly bool IsHex()
        {
            var j = _i - 1;
            while (j > 0 && (char.IsAsciiLetterOrDigit((char)_s[j]) || _s[j] == '_' || _s[j] == '.'))
            {
                j--;
            }

            var first = char.IsAsciiLetterOrDigit((char)_s[j]) ? j : j + 1;
            return first + 1 < _s.Length && _s[first] == '0' && _s[first + 1] is (byte)'x' or (byte)'X';
        }

        private static bool IsIdentifierStart(byte c) => char.IsAsciiLetter((char)c) || c == '_' || c >= 0x80;

        private static bool IsIdentifierPart(byte c) => char.IsAsciiLetterOrDigit((char)c) || c == '_' || c >= 0x80;
    }
}
