namespace MigrationTracker.Core.Analysis.Lexing;

/// <summary>
/// One-pass lexer for C and C++: comments, string and char literals (with prefixes), C++ raw
/// strings, line continuations and preprocessor lines. Never fails: unterminated literals end at
/// the end of their line, an unterminated comment at the end of the file.
/// </summary>
public static class CLexer
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
        private bool _inDirective;

        // True until the current line shows anything but white space: a '#' there starts a directive.
        private bool _lineStart = true;

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
                    NewLine();
                    _inDirective = false;
                    _i++;
                    continue;
                }

                if (LineTracker.IsSpace(c))
                {
                    var run = s[(_i + 1)..].IndexOfAnyExcept(LineTracker.Spaces);
                    _i = run < 0 ? s.Length : _i + 1 + run;
                    continue;
                }

                if (c == '\\' && IsContinuation(_i))
                {
                    Lines.Code();
                    SkipContinuation(LineKind.Code);
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

                var flags = _inDirective ? TokenTraits.Directive : TokenTraits.None;
                if (c == '#' && _lineStart)
                {
                    _inDirective = true;
                    flags = TokenTraits.Directive | TokenTraits.DirectiveStart;
                }

                _lineStart = false;
                Lines.Code();
                var start = _i;
                var line = Lines.Line;
                TokenKind kind;
                if (c == '"')
                {
                    Quoted((byte)'"');
                    kind = TokenKind.StringLiteral;
                }
                else if (c == '\'')
                {
                    Quoted((byte)'\'');
                    kind = TokenKind.CharLiteral;
                }
                else if (IsIdentifierStart(c))
                {
                    var length = s[(_i + 1)..].IndexOfAnyExcept(IdentifierParts);
                    _i = length < 0 ? s.Length : _i + 1 + length;

                    if (_i < s.Length && (s[_i] == '"' || s[_i] == '\''))
                    {
                        var prefix = s[start.._i];
                        if (s[_i] == '"' && (prefix.SequenceEqual("R"u8) || prefix.SequenceEqual("LR"u8) || prefix.SequenceEqual("uR"u8) || prefix.SequenceEqual("UR"u8) || prefix.SequenceEqual("u8R"u8)))
                        {
                            RawString();
                            Tokens.Add(new Token(TokenKind.StringLiteral, start, _i - start, line, flags));
                            continue;
                        }

                        if (prefix.SequenceEqual("L"u8) || prefix.SequenceEqual("u"u8) || prefix.SequenceEqual("U"u8) || prefix.SequenceEqual("u8"u8))
                        {
                            var quote = s[_i];
                            Quoted(quote);
                            Tokens.Add(new Token(quote == '"' ? TokenKind.StringLiteral : TokenKind.CharLiteral, start, _i - start, line, flags));
                            continue;
                        }
                    }

                    kind = TokenKind.Identifier;
                }
                else if (char.IsAsciiDigit((char)c) || (c == '.' && char.IsAsciiDigit((char)Peek(1))))
                {
                    Number();
                    kind = TokenKind.Number;
                }
                else
                {
                    _i += PunctuationLength(s, _i);
                    kind = TokenKind.Punctuation;
                }

                Tokens.Add(new Token(kind, start, _i - start, line, flags));
            }
        }

        private void NewLine()
        {
            Lines.EndLine();
            _lineStart = true;
        }

        private readonly bool IsContinuation(int backslash)
        {
            var next = backslash + 1;
            if (next < _s.Length && _s[next] == '\r')
            {
                next++;
            }

            return next < _s.Length && _s[next] == '\n';
        }

        /// <summary>Skips a backslash-newline: the logical line (and any directive) goes on.</summary>
        private void SkipContinuation(LineKind kind)
        {
            var crlf = false;
            while (_s[_i] != '\n')
            {
                crlf |= _s[_i] == '\r';
                _i++;
            }

            _i++;

            // cloc's continuation test is a regex for a backslash at the end of the line, which a CR defeats.
            if (crlf)
            {
                Lines.EndLine();
            }
            else
            {
                Lines.EndContinuedLine(kind);
            }

            _lineStart = false;
        }

        private void LineComment()
        {
            Lines.Comment();
            _i += 2;
            while (true)
            {
                var rest = _s[_i..];
                var newline = rest.IndexOf((byte)'\n');
                var line = newline < 0 ? rest : rest[..newline];
                if (line.ContainsAnyExcept(LineTracker.Spaces))
                {
                    Lines.Comment();
                }

                if (newline < 0)
                {
                    _i = _s.Length;
                    return;
                }

                // A continued // comment swallows the next line too.
                var last = line.Length - 1;
                if (last >= 0 && line[last] == '\r')
                {
                    last--;
                }

                if (last >= 0 && line[last] == '\\')
                {
                    _i += last;
                    SkipContinuation(LineKind.Comment);
                    continue;
                }

                _i += newline; // the main loop ends the line (and any directive)
                return;
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void BlockComment()
        {
            var firstLine = Lines.Line;
            Lines.Comment();
            _i += 2;
            while (_i < _s.Length)
            {
                var rest = _s[_i..];
                var stop = rest.IndexOfAny((byte)'*', (byte)'\n');
                var text = stop < 0 ? rest : rest[..stop];
                if (text.ContainsAnyExcept(LineTracker.Spaces))
                {
                    Lines.Comment();
                }

                if (stop < 0)
                {
                    _i = _s.Length;
                    return;
                }

                _i += stop;
                if (_s[_i] == '*')
                {
                    Lines.Comment();
                    if (Peek(1) == '/')
                    {
                        _i += 2;
                        if (Lines.Line != firstLine)
                        {
                            Lines.JoinToLine(firstLine);
                        }

                        return;
                    }

                    _i++;
                    continue;
                }

                if (_i > 0 && _s[_i - 1] == '\\')
                {
                    Lines.EndContinuedLine(LineKind.Comment);
                }
                else
                {
                    Lines.EndLine();
                }

                _lineStart = false; // a '#' after a comment's line break does not start a directive
                _i++;
            }
        }

        /// <summary>A "..." or '...' literal; ends at the closing quote or, unterminated, at the end of the line.</summary>
        private void Quoted(byte quote)
        {
            _i++;
            while (_i < _s.Length)
            {
                var c = _s[_i];
                if (c == quote)
                {
                    _i++;
                    return;
                }

                if (c == '\n')
                {
                    return;
                }

                if (c == '\\')
                {
                    if (IsContinuation(_i))
                    {
                        SkipContinuation(LineKind.Code);
                        Lines.Code();
                        continue;
                    }

                    _i += 2;
                    continue;
                }

                _i++;
            }

            _i = Math.Min(_i, _s.Length);
        }

        /// <summary>R"delim( ... )delim": no escapes, may span lines.</summary>
        private void RawString()
        {
            var open = _i + 1;
            var parenOffset = _s[open..].IndexOf((byte)'(');
            var newlineOffset = _s[open..].IndexOf((byte)'\n');
            if (parenOffset < 0 || parenOffset > 16 || (newlineOffset >= 0 && newlineOffset < parenOffset))
            {
                Quoted((byte)'"'); // not a valid raw string: treat as an ordinary one
                return;
            }

            var paren = open + parenOffset;
            Span<byte> terminator = stackalloc byte[parenOffset + 2];
            terminator[0] = (byte)')';
            _s[open..paren].CopyTo(terminator[1..]);
            terminator[^1] = (byte)'"';
            var endOffset = _s[(paren + 1)..].IndexOf(terminator);
            var stop = endOffset < 0 ? _s.Length : paren + 1 + endOffset + terminator.Length;
            for (_i = paren + 1; _i < stop; _i++)
            {
                var c = _s[_i];
                if (c == '\n')
                {
                    Lines.EndLine();
                }
                else if (!LineTracker.IsSpace(c))
                {
                    Lines.Code();
                }
            }
        }

        private void Number()
        {
            var hex = _s[_i] == '0' && Peek(1) is (byte)'x' or (byte)'X';
            _i++;
            while (_i < _s.Length)
            {
                var c = _s[_i];
                if (char.IsAsciiLetterOrDigit((char)c) || c == '_')
                {
                    _i++;
                }
                else if (c == '.' && Peek(1) != '.')
                {
                    _i++;
                }
                else if (c == '\'' && char.IsAsciiLetterOrDigit((char)Peek(1)))
                {
                    _i++; // C++14 digit separator
                }
                else if ((c == '+' || c == '-') && (hex ? _s[_i - 1] is (byte)'p' or (byte)'P' : _s[_i - 1] is (byte)'e' or (byte)'E'))
                {
                    _i++;
                }
                else
                {
                    break;
                }
            }
        }

        private static readonly System.Buffers.SearchValues<byte> IdentifierParts = System.Buffers.SearchValues.Create(
            [.. Enumerable.Range(0, 256).Where(b => char.IsAsciiLetterOrDigit((char)b) || b is '_' or '$' or >= 0x80).Select(b => (byte)b)]);

        private static bool IsIdentifierStart(byte c) => char.IsAsciiLetter((char)c) || c == '_' || c == '$' || c >= 0x80;

        private static bool IsIdentifierPart(byte c) => char.IsAsciiLetterOrDigit((char)c) || c == '_' || c == '$' || c >= 0x80;
    }

    internal static int PunctuationLength(ReadOnlySpan<byte> s, int i)
    {
        var c = (char)s[i];
        var next = i + 1 < s.Length ? (char)s[i + 1] : '\0';
        if (c == '.' && next == '.' && i + 2 < s.Length && s[i + 2] == '.')
        {
            return 3;
        }

        return (c, next) switch
        {
            ('-', '>') or (':', ':') or ('&', '&') or ('|', '|') or ('+', '+') or ('-', '-') or ('<', '<') or ('>', '>')
                or ('=', '=') or ('!', '=') or ('<', '=') or ('>', '=') or ('+', '=') or ('-', '=') or ('*', '=') or ('/', '=')
                or ('%', '=') or ('&', '=') or ('|', '=') or ('^', '=') or ('#', '#') => 2,
            _ => 1,
        };
    }
}
