using MigrationTracker.Core.Analysis.Lexing;

namespace MigrationTracker.Core.Analysis.Constructs;

/// <summary>
/// Finds the constructs that make a C/C++ driver harder to port (see <see cref="CConstruct"/>) and
/// the functions with their cyclomatic complexity, from the tokens of one file. Lexical, not a
/// parser: each rule is a token pattern simple enough to explain next to its evidence.
/// </summary>
public static class CConstructScanner
{
    private enum Brace : byte
    {
        Block,
        FunctionBody,
        Aggregate,
        Initializer,

        /// <summary><c>extern "C" {</c> and <c>namespace x {</c>: their contents are still at file scope.</summary>
        Transparent,
    }

    public static CFileConstructs Scan(LexedFile file, string path)
    {
        ArgumentNullException.ThrowIfNull(file);
        var scan = new Scanner(file, path);
        scan.Run();
        return scan.Result;
    }

    private sealed class Scanner(LexedFile file, string path)
    {
        private readonly Token[] _t = file.TokenArray;
        private readonly int _n = file.TokenCount;
        private readonly Stack<Brace> _braces = new();

        // Where the statement enclosing each open brace began: after struct S { ... } or = { ... } it goes on.
        private readonly Stack<int> _enclosingStatementStarts = new();

        // First token of the current statement at the current brace level.
        private int _statementStart;

        // The open function: where its body starts, its name and decision count.
        private int _functionDepth = -1;
        private string? _functionName;
        private int _functionLine;
        private int _decisions;

        public CFileConstructs Result { get; } = new();

        private ReadOnlySpan<byte> S(int k) => file.TextOf(_t[k]);

        private bool Is(int k, ReadOnlySpan<byte> text) => k >= 0 && k < _n && S(k).SequenceEqual(text);

        private bool IsPunct(int k, char c) => k >= 0 && k < _n && file.IsPunctuation(_t[k], c);

        private bool IsIdent(int k) => k >= 0 && k < _n && _t[k].Kind == TokenKind.Identifier;

        private bool InFunction => _functionDepth >= 0;

        private bool AtFileScope => _opaqueBraces == 0;

        // Open braces other than extern "C" and namespace ones.
        private int _opaqueBraces;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Run()
        {
            for (var k = 0; k < _n; k++)
            {
                var token = _t[k];
                if (token.InDirective)
                {
                    if ((token.Flags & TokenTraits.DirectiveStart) != 0)
                    {
                        Directive(k);
                    }
                    else if (token.Kind == TokenKind.Identifier)
                    {
                        Identifier(k);
                    }

                    continue;
                }

                switch (token.Kind)
                {
                    case TokenKind.Identifier:
                        Identifier(k);
                        break;
                    case TokenKind.Punctuation:
                        Punctuation(k);
                        break;
                }
            }
        }

        private void Add(CConstruct construct, int k) => Result.Add(construct, _t[k].Line);

        private void Directive(int hash)
        {
            var k = hash + 1;
            if (!IsIdent(k) || !_t[k].InDirective)
            {
                return;
            }

            var name = S(k);
            if (name.SequenceEqual("if"u8) || name.SequenceEqual("ifdef"u8) || name.SequenceEqual("ifndef"u8) || name.SequenceEqual("elif"u8)
                || name.SequenceEqual("elifdef"u8) || name.SequenceEqual("elifndef"u8))
            {
                Add(CConstruct.ConditionalDirective, hash);
            }
            else if (name.SequenceEqual("define"u8))
            {
                // Function-like only when '(' touches the name: #define F(x) versus #define V (x).
                if (IsIdent(k + 1) && IsPunct(k + 2, '(') && _t[k + 2].Start == _t[k + 1].End && _t[k + 2].InDirective)
                {
                    Add(CConstruct.FunctionLikeMacro, hash);
                }
            }
            else if (name.SequenceEqual("pragma"u8))
            {
                if (Is(k + 1, "alloc_text"u8) || Is(k + 1, "code_seg"u8))
                {
                    Add(CConstruct.Paging, hash);
                }
            }
            else if (name.SequenceEqual("include"u8) && k + 1 < _n && _t[k + 1].InDirective)
            {
                Include(hash, k + 1);
            }
        }

        /// <summary>#include "x.h" or #include &lt;x.h&gt;: the name as written, and WPP's generated .tmh headers.</summary>
        private void Include(int hash, int k)
        {
            var text = file.Text.Span;
            ReadOnlySpan<byte> name;
            if (_t[k].Kind == TokenKind.StringLiteral && _t[k].Length >= 2)
            {
                name = text.Slice(_t[k].Start + 1, _t[k].Length - 2);
            }
            else if (IsPunct(k, '<'))
            {
                var close = text[_t[k].End..].IndexOfAny((byte)'>', (byte)'\n');
                if (close < 0 || text[_t[k].End + close] != '>')
                {
                    return;
                }

                name = text.Slice(_t[k].End, close).Trim(" \t"u8);
            }
            else
            {
                return; // #include MACRO
            }

            Result.Includes.Add(new Discovery.IncludeDirective(_t[hash].Line, System.Text.Encoding.UTF8.GetString(name)));
            if (name.EndsWith(".tmh"u8))
            {
                Add(CConstruct.WppTracing, hash);
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void Identifier(int k)
        {
            var name = S(k);
            if (InFunction && !_t[k].InDirective && IsDecision(name, k))
            {
                _decisions++;
            }

            if (name.Length < 3)
            {
                return;
            }

            // Most identifiers are none of the names below: the first letter sends each to the few it could be.
            if (KnownName(name, k) is { } construct)
            {
                Add(construct, k);
                return;
            }

            // Families recognised by a part of the name: KeAcquireSpinLock, WdfDpcCreate, KDPC.
            if (name.IndexOfAny((byte)'S', (byte)'D') < 0)
            {
                return;
            }

            if (name.IndexOf("SpinLock"u8) >= 0)
            {
                Add(CConstruct.SpinLock, k);
            }
            else if (name.IndexOf("Dpc"u8) >= 0 || name.IndexOf("DPC"u8) >= 0)
            {
                Add(CConstruct.Dpc, k);
            }
        }

        private CConstruct? KnownName(ReadOnlySpan<byte> name, int k)
        {
            switch (name[0])
            {
                case (byte)'_':
                    if (IsSeh(name, k))
                    {
                        return CConstruct.StructuredExceptionHandling;
                    }

                    if (name.SequenceEqual("__asm"u8) || name.SequenceEqual("_asm"u8) || name.SequenceEqual("__asm__"u8))
                    {
                        return CConstruct.InlineAssembly;
                    }

                    return name.StartsWith("_IRQL_"u8) || (name.StartsWith("__drv_"u8) && name.IndexOf("IRQL"u8) >= 0) ? CConstruct.IrqlAnnotation : null;
                case (byte)'t':
                    return IsSeh(name, k) ? CConstruct.StructuredExceptionHandling
                        : name.SequenceEqual("template"u8) && IsPunct(k + 1, '<') ? CConstruct.CppTemplate : null;
                case (byte)'e' or (byte)'f' or (byte)'l':
                    return IsSeh(name, k) ? CConstruct.StructuredExceptionHandling : null;
                case (byte)'g':
                    return name.SequenceEqual("goto"u8) ? CConstruct.Goto : null;
                case (byte)'a':
                    return name.SequenceEqual("asm"u8) && (IsPunct(k + 1, '(') || IsPunct(k + 1, '{') || Is(k + 1, "volatile"u8)) ? CConstruct.InlineAssembly : null;
                case (byte)'u':
                    return name.SequenceEqual("union"u8) && (IsPunct(k + 1, '{') || (IsIdent(k + 1) && IsPunct(k + 2, '{'))) ? CConstruct.Union : null;
                case (byte)'c':
                    return name.SequenceEqual("class"u8) && !Is(k - 1, "enum"u8) && IsIdent(k + 1) && (IsPunct(k + 2, '{') || IsPunct(k + 2, ':') || Is(k + 2, "final"u8))
                        ? CConstruct.CppClass : null;
                case (byte)'n':
                    if (name.SequenceEqual("namespace"u8))
                    {
                        return IsIdent(k + 1) || IsPunct(k + 1, '{') ? CConstruct.CppNamespace : null;
                    }

                    return name.SequenceEqual("new"u8) && (Is(k - 1, "operator"u8) || ((IsPunct(k - 1, '=') || IsPunct(k - 1, '(') || IsPunct(k - 1, ',') || Is(k - 1, "return"u8))
                        && (IsIdent(k + 1) || IsPunct(k + 1, '(') || Is(k + 1, "::"u8)))) ? CConstruct.CppNewDelete : null;
                case (byte)'d':
                    return name.SequenceEqual("delete"u8) && (Is(k - 1, "operator"u8) || ((IsPunct(k - 1, ';') || IsPunct(k - 1, '{') || IsPunct(k - 1, '}') || IsPunct(k - 1, ')') || Is(k - 1, "else"u8))
                        && (IsIdent(k + 1) || IsPunct(k + 1, '[') || IsPunct(k + 1, '(')))) ? CConstruct.CppNewDelete : null;
                case (byte)'r':
                    return name.SequenceEqual("reinterpret_cast"u8) ? CConstruct.PointerCast : null;
                case (byte)'P':
                    return name.SequenceEqual("PAGED_CODE"u8) || name.SequenceEqual("PAGED_CODE_LOCKED"u8) ? CConstruct.Paging
                        : name.SequenceEqual("PLIST_ENTRY"u8) || name.SequenceEqual("PSINGLE_LIST_ENTRY"u8) || name.SequenceEqual("PSLIST_ENTRY"u8) ? CConstruct.ListEntry
                        : name.SequenceEqual("PtrOffset"u8) ? CConstruct.PointerArithmetic
                        : name.SequenceEqual("PKSPIN_LOCK"u8) ? CConstruct.SpinLock : null;
                case (byte)'C':
                    return name.SequenceEqual("CONTAINING_RECORD"u8) ? CConstruct.ContainingRecord : null;
                case (byte)'L':
                    return name.SequenceEqual("LIST_ENTRY"u8) ? CConstruct.ListEntry : null;
                case (byte)'S':
                    return name.SequenceEqual("SINGLE_LIST_ENTRY"u8) || name.SequenceEqual("SLIST_ENTRY"u8) ? CConstruct.ListEntry : null;
                case (byte)'M':
                    if (name.SequenceEqual("MajorFunction"u8) && IsPunct(k + 1, '['))
                    {
                        var close = MatchForward(k + 1, '[', ']');
                        return close > 0 && IsPunct(close + 1, '=') ? CConstruct.CallbackRole : null;
                    }

                    return null;
                case (byte)'A':
                    return name.SequenceEqual("Add2Ptr"u8) ? CConstruct.PointerArithmetic : null;
                case (byte)'R':
                    return name.SequenceEqual("RtlOffsetToPointer"u8) ? CConstruct.PointerArithmetic : null;
                case (byte)'O':
                    return name.SequenceEqual("OffsetToPtr"u8) ? CConstruct.PointerArithmetic : null;
                case (byte)'W' or (byte)'T' or (byte)'D':
                    return IsWpp(name) ? CConstruct.WppTracing : name.SequenceEqual("WDFSPINLOCK"u8) ? CConstruct.SpinLock : null;
                case (byte)'K':
                    return name.SequenceEqual("KSPIN_LOCK"u8) || name.SequenceEqual("KLOCK_QUEUE_HANDLE"u8) ? CConstruct.SpinLock : null;
                case (byte)'N':
                    return name.SequenceEqual("NDIS_SPIN_LOCK"u8) ? CConstruct.SpinLock : null;
                default:
                    return null;
            }
        }

        private static bool IsWpp(ReadOnlySpan<byte> name) =>
            name.StartsWith("WPP_"u8) || name.SequenceEqual("TraceEvents"u8) || name.SequenceEqual("DoTraceMessage"u8) || name.SequenceEqual("DoTraceLevelMessage"u8);

        private bool IsSeh(ReadOnlySpan<byte> name, int k)
        {
            if (name.SequenceEqual("__try"u8) || name.SequenceEqual("__except"u8) || name.SequenceEqual("__finally"u8) || name.SequenceEqual("__leave"u8)
                || name.SequenceEqual("_try"u8) || name.SequenceEqual("_except"u8) || name.SequenceEqual("_finally"u8) || name.SequenceEqual("_leave"u8))
            {
                return true;
            }

            // The bare spelling file-system and storage drivers use (#define try __try).
            return (name.SequenceEqual("try"u8) && IsPunct(k + 1, '{'))
                || (name.SequenceEqual("except"u8) && IsPunct(k + 1, '('))
                || (name.SequenceEqual("finally"u8) && IsPunct(k + 1, '{'))
                || (name.SequenceEqual("leave"u8) && IsPunct(k + 1, ';'));
        }

        private bool IsDecision(ReadOnlySpan<byte> name, int k) => name.Length switch
        {
            2 => name.SequenceEqual("if"u8),
            3 => name.SequenceEqual("for"u8),
            4 => name.SequenceEqual("case"u8),
            5 => name.SequenceEqual("while"u8) || name.SequenceEqual("catch"u8),
            6 => name.SequenceEqual("except"u8) && IsPunct(k + 1, '('),
            8 => name.SequenceEqual("__except"u8),
            _ => false,
        };

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void Punctuation(int k)
        {
            var token = _t[k];
            var c = (char)file.Text.Span[token.Start];
            if (token.Length == 2)
            {
                if (InFunction && (Is(k, "&&"u8) || Is(k, "||"u8)))
                {
                    _decisions++;
                }

                return;
            }

            if (token.Length == 3)
            {
                Add(CConstruct.Varargs, k);
                return;
            }

            switch (c)
            {
                case '?' when InFunction:
                    _decisions++;
                    break;
                case '{':
                    OpenBrace(k);
                    break;
                case '}':
                    CloseBrace(k);
                    break;
                case ';':
                    if (AtFileScope)
                    {
                        FileScopeStatement(_statementStart, k);
                    }

                    _statementStart = k + 1;
                    break;
                case ':':
                    if (_braces.TryPeek(out var top) && top == Brace.Aggregate && IsIdent(k - 1) && k + 1 < _n && _t[k + 1].Kind == TokenKind.Number
                        && (IsPunct(k + 2, ';') || IsPunct(k + 2, ',')))
                    {
                        Add(CConstruct.Bitfield, k);
                    }

                    break;
                case '(':
                    Cast(k);
                    break;
            }
        }

        private void OpenBrace(int k)
        {
            Brace kind;
            if (HasInStatement(k, '='))
            {
                kind = Brace.Initializer;
            }
            else if (!InFunction && IsFunctionHeader(k, out var nameIndex))
            {
                kind = Brace.FunctionBody;
                _functionDepth = _braces.Count;
                _functionName = nameIndex >= 0 ? QualifiedName(nameIndex) : "(anonymous)";
                _functionLine = nameIndex >= 0 ? _t[nameIndex].Line : _t[k].Line;
                _decisions = 0;
            }
            else if (HasKeywordInStatement(k, "struct"u8) || HasKeywordInStatement(k, "union"u8) || HasKeywordInStatement(k, "class"u8) || HasKeywordInStatement(k, "enum"u8))
            {
                kind = Brace.Aggregate;
            }
            else if (!InFunction && (HasKeywordInStatement(k, "namespace"u8) || (k > 0 && _t[k - 1].Kind == TokenKind.StringLiteral && Is(k - 2, "extern"u8))))
            {
                kind = Brace.Transparent;
            }
            else
            {
                kind = Brace.Block;
            }

            _braces.Push(kind);
            _enclosingStatementStarts.Push(_statementStart);
            if (kind != Brace.Transparent)
            {
                _opaqueBraces++;
            }

            _statementStart = k + 1;
        }

        private void CloseBrace(int k)
        {
            if (!_braces.TryPop(out var kind))
            {
                return; // unbalanced: ignore rather than fail
            }

            var enclosingStart = _enclosingStatementStarts.Pop();

            if (kind != Brace.Transparent)
            {
                _opaqueBraces--;
            }

            if (kind == Brace.FunctionBody && _braces.Count == _functionDepth)
            {
                var first = _functionLine;
                Result.Functions.Add(new FunctionComplexity(_functionName!, new SourceLocation(path, first), 1 + _decisions, file.CodeLinesBetween(first, _t[k].Line)));
                _functionDepth = -1;
                _statementStart = k + 1;
            }
            else if (kind is Brace.Block or Brace.Transparent or Brace.FunctionBody)
            {
                _statementStart = k + 1;
            }
            else
            {
                // After an aggregate or initializer the statement goes on: struct S { ... } s; or int a[] = { ... };
                _statementStart = enclosingStart;
            }
        }

        /// <summary>A '{' that follows a parameter list (and maybe const/noexcept/override or a constructor's initialisers) opens a function.</summary>
        private bool IsFunctionHeader(int brace, out int nameIndex)
        {
            nameIndex = -1;
            var k = brace - 1;
            while (k >= _statementStart && IsIdent(k) && (Is(k, "const"u8) || Is(k, "noexcept"u8) || Is(k, "override"u8) || Is(k, "final"u8)))
            {
                k--;
            }

            if (k < _statementStart || !IsPunct(k, ')'))
            {
                return false;
            }

            // A constructor initialiser list: Name(...) : a(x), b(y) {
            var open = MatchBackward(k, '(', ')');
            for (var guard = 0; open > _statementStart && guard < 64; guard++)
            {
                var before = open - 1;
                if (IsIdent(before) && (IsPunct(before - 1, ',') || IsPunct(before - 1, ':')) && !Is(before - 2, "::"u8))
                {
                    var close = before - 2;
                    if (IsPunct(close, ')'))
                    {
                        open = MatchBackward(close, '(', ')');
                        continue;
                    }
                }

                break;
            }

            if (open <= _statementStart || !IsIdent(open - 1))
            {
                return false;
            }

            var name = S(open - 1);
            if (name.SequenceEqual("if"u8) || name.SequenceEqual("while"u8) || name.SequenceEqual("for"u8) || name.SequenceEqual("switch"u8))
            {
                return false;
            }

            nameIndex = open - 1;
            return true;
        }

        private string QualifiedName(int nameIndex)
        {
            var start = nameIndex;
            while (start >= 2 && Is(start - 1, "::"u8) && IsIdent(start - 2))
            {
                start -= 2;
            }

            var text = file.Text.Span[_t[start].Start.._t[nameIndex].End];
            return System.Text.Encoding.UTF8.GetString(text);
        }

        private bool HasInStatement(int end, char c)
        {
            var depth = 0;
            for (var k = _statementStart; k < end; k++)
            {
                if (IsPunct(k, '('))
                {
                    depth++;
                }
                else if (IsPunct(k, ')'))
                {
                    depth--;
                }
                else if (depth == 0 && IsPunct(k, c) && !_t[k].InDirective)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The keyword outside parentheses: <c>if (sizeof(struct x)) {</c> opens no struct.</summary>
        private bool HasKeywordInStatement(int end, ReadOnlySpan<byte> keyword)
        {
            var depth = 0;
            for (var k = _statementStart; k < end; k++)
            {
                if (IsPunct(k, '('))
                {
                    depth++;
                }
                else if (IsPunct(k, ')'))
                {
                    depth--;
                }
                else if (depth == 0 && IsIdent(k) && !_t[k].InDirective && S(k).SequenceEqual(keyword))
                {
                    return true;
                }
            }

            return false;
        }

        private int MatchBackward(int close, char open, char closing)
        {
            var depth = 0;
            for (var k = close; k >= 0; k--)
            {
                if (IsPunct(k, closing))
                {
                    depth++;
                }
                else if (IsPunct(k, open) && --depth == 0)
                {
                    return k;
                }
            }

            return -1;
        }

        private int MatchForward(int open, char opening, char close)
        {
            var depth = 0;
            for (var k = open; k < _n && k < open + 4096; k++)
            {
                if (IsPunct(k, opening))
                {
                    depth++;
                }
                else if (IsPunct(k, close) && --depth == 0)
                {
                    return k;
                }
            }

            return -1;
        }

        /// <summary>
        /// A declaration at file scope: a mutable global unless it is a constant, a type, a prototype,
        /// or a callback role declaration such as <c>EVT_WDF_DRIVER_DEVICE_ADD EchoEvtDeviceAdd;</c>.
        /// </summary>
        private void FileScopeStatement(int start, int end)
        {
            var identifiers = 0;
            var lastIdentifier = -1;
            var sawConst = false;
            var starAfterConst = false;
            var roleType = false;
            var aggregateClosedAt = -1;
            var functionPointerName = -1;
            var depth = 0;
            for (var k = start; k < end; k++)
            {
                var token = _t[k];
                if (token.InDirective)
                {
                    continue;
                }

                if (token.Kind == TokenKind.Punctuation)
                {
                    if (IsPunct(k, '=') && depth == 0)
                    {
                        break; // the initialiser does not change what is declared
                    }

                    if (IsPunct(k, '(') || IsPunct(k, '{') || IsPunct(k, '['))
                    {
                        if (IsPunct(k, '(') && depth == 0 && !roleType)
                        {
                            // (*name) or (CALLBACK *name): a function pointer, whose parameter list follows.
                            var star = IsPunct(k + 1, '*') ? k + 1 : IsFunctionPointerDeclarator(k) ? k + 2 : -1;
                            if (star > 0 && functionPointerName < 0 && IsIdent(star + 1))
                            {
                                functionPointerName = star + 1;
                            }
                            else if (functionPointerName < 0)
                            {
                                return; // a prototype, or a macro such as DEFINE_GUID(...)
                            }
                        }

                        depth++;
                    }
                    else if (IsPunct(k, ')') || IsPunct(k, '}') || IsPunct(k, ']'))
                    {
                        depth--;
                        if (IsPunct(k, '}') && depth == 0)
                        {
                            aggregateClosedAt = k;
                        }
                    }
                    else if (IsPunct(k, '*'))
                    {
                        starAfterConst = sawConst;
                    }

                    continue;
                }

                if (token.Kind != TokenKind.Identifier || depth > 0)
                {
                    continue;
                }

                var name = S(k);
                if (name.SequenceEqual("typedef"u8) || name.SequenceEqual("extern"u8) || name.SequenceEqual("using"u8) || name.SequenceEqual("template"u8)
                    || name.SequenceEqual("friend"u8) || name.SequenceEqual("static_assert"u8) || name.SequenceEqual("C_ASSERT"u8) || name.SequenceEqual("namespace"u8))
                {
                    return;
                }

                if (name.SequenceEqual("const"u8) || name.SequenceEqual("CONST"u8) || name.SequenceEqual("constexpr"u8))
                {
                    sawConst = true;
                    starAfterConst = false;
                    continue;
                }

                if (IsRoleType(name))
                {
                    roleType = true;
                }

                identifiers++;
                lastIdentifier = k;
            }

            if (functionPointerName >= 0)
            {
                if (!sawConst)
                {
                    Add(CConstruct.MutableGlobal, functionPointerName);
                }

                return;
            }

            if (lastIdentifier < 0)
            {
                return;
            }

            if (roleType)
            {
                Add(CConstruct.CallbackRole, lastIdentifier);
                return;
            }

            var constant = sawConst && !starAfterConst;
            var declaresObject = aggregateClosedAt >= 0 ? lastIdentifier > aggregateClosedAt : identifiers >= 2;
            if (!constant && declaresObject)
            {
                Add(CConstruct.MutableGlobal, lastIdentifier);
            }
        }

        private bool IsFunctionPointerDeclarator(int open) => IsIdent(open + 1) && IsPunct(open + 2, '*');

        /// <summary>Function role types from wdm.h/wdf.h: EVT_WDF_*, DRIVER_*, *_ROUTINE, *_CALLBACK and kin.</summary>
        private static bool IsRoleType(ReadOnlySpan<byte> name) =>
            name.StartsWith("EVT_"u8) || name.StartsWith("DRIVER_"u8) || name.StartsWith("FN_"u8)
            || name.EndsWith("_ROUTINE"u8) || name.EndsWith("_CALLBACK"u8) || name.EndsWith("_FUNCTION"u8) || name.EndsWith("_HANDLER"u8);

        /// <summary>
        /// (PUCHAR)p, (struct x *)p, (ULONG_PTR)p: a cast to a pointer (or pointer-sized integer) type.
        /// When the cast operand is followed by + or -, that is pointer arithmetic.
        /// </summary>
        private void Cast(int open)
        {
            // '(' after an identifier or ')' is a call or a declarator, not a cast (sizeof(PVOID) included).
            if (open > 0 && (IsPunct(open - 1, ')') || IsPunct(open - 1, ']') || (IsIdent(open - 1) && !Is(open - 1, "return"u8))))
            {
                return;
            }

            var k = open + 1;
            var identifiers = 0;
            var stars = 0;
            var pointerName = false;
            for (; k < _n && k < open + 8; k++)
            {
                if (IsIdent(k))
                {
                    identifiers++;
                    pointerName |= IsPointerTypeName(S(k));
                }
                else if (IsPunct(k, '*'))
                {
                    stars++;
                }
                else
                {
                    break;
                }
            }

            if (!IsPunct(k, ')') || identifiers == 0 || (stars == 0 && !(identifiers == 1 && pointerName)) || (stars > 0 && !IsPunct(k - 1, '*')))
            {
                return;
            }

            var after = k + 1;
            if (after >= _n || !(IsIdent(after) || IsPunct(after, '(') || IsPunct(after, '&') || IsPunct(after, '*')))
            {
                return;
            }

            Add(CConstruct.PointerCast, open);
            var operandEnd = IsPunct(after, '(') ? MatchForward(after, '(', ')') : IsIdent(after) ? after : -1;
            if (operandEnd > 0 && (IsPunct(operandEnd + 1, '+') || IsPunct(operandEnd + 1, '-')))
            {
                Add(CConstruct.PointerArithmetic, operandEnd + 1);
            }
        }

        /// <summary>Windows pointer typedefs (PUCHAR, PVOID, PDEVICE_CONTEXT) and pointer-sized integers.</summary>
        private static bool IsPointerTypeName(ReadOnlySpan<byte> name)
        {
            if (name.SequenceEqual("ULONG_PTR"u8) || name.SequenceEqual("UINT_PTR"u8) || name.SequenceEqual("LONG_PTR"u8) || name.SequenceEqual("INT_PTR"u8)
                || name.SequenceEqual("uintptr_t"u8) || name.SequenceEqual("intptr_t"u8))
            {
                return true;
            }

            if (name.Length < 3 || name[0] != 'P')
            {
                return false;
            }

            foreach (var b in name[1..])
            {
                if (!(char.IsAsciiLetterUpper((char)b) || char.IsAsciiDigit((char)b) || b == '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
