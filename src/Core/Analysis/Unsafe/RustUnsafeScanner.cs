using MigrationTracker.Core.Analysis.Lexing;

namespace MigrationTracker.Core.Analysis.Unsafe;

/// <summary>Kinds of unsafe code, as cargo-geiger counts them, plus foreign (extern) blocks.</summary>
public enum UnsafeKind
{
    Function = 0,
    Method = 1,
    Block = 2,
    Implementation = 3,
    Trait = 4,
    ExternBlock = 5,
}

/// <summary>One unsafe region: its kind, its lines and how many of them are code.</summary>
public sealed record UnsafeRegion(UnsafeKind Kind, SourceRange Range, int CodeLines, bool InTestCode);

/// <summary>What the unsafe scanner found in one Rust file; <see cref="Counts"/> are product code, <see cref="TestCounts"/> test code.</summary>
public sealed record RustFileUnsafe(
    int CodeLines,
    int UnsafeLines,
    int TestCodeLines,
    int TestUnsafeLines,
    IReadOnlyDictionary<UnsafeKind, int> Counts,
    IReadOnlyDictionary<UnsafeKind, int> TestCounts,
    IReadOnlyList<UnsafeRegion> Regions);

/// <summary>
/// Finds unsafe regions in a Rust file from its tokens (so <c>unsafe</c> in strings and comments
/// does not count): unsafe blocks, unsafe fn bodies, unsafe impls and traits, and extern blocks.
/// The unsafe lines are the code lines inside any region; code in <c>#[cfg(test)]</c> modules and
/// <c>#[test]</c> functions is counted apart. A file that is test code as a whole (under tests/)
/// is marked so by the caller.
/// </summary>
public static class RustUnsafeScanner
{
    private enum Body : byte
    {
        Other,
        Impl,
        Trait,
    }

    private readonly record struct OpenBrace(Body Body, UnsafeKind? Region, int RegionLine, bool Test, int Line);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static RustFileUnsafe Scan(LexedFile file, string path, bool wholeFileIsTest = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        var t = file.TokenArray;
        var n = file.TokenCount;
        var lineCount = file.Lines.Length;
        var unsafeLine = new bool[lineCount + 2];
        var testLine = new bool[lineCount + 2];
        var counts = Enum.GetValues<UnsafeKind>().ToDictionary(k => k, _ => 0);
        var testCounts = Enum.GetValues<UnsafeKind>().ToDictionary(k => k, _ => 0);
        var regions = new List<UnsafeRegion>();
        var stack = new Stack<OpenBrace>();

        // What the next '{' opens, set by the tokens before it.
        UnsafeKind? pendingRegion = null;
        var pendingLine = 0;
        var pendingBody = Body.Other;
        var pendingTest = false;
        var pendingTestLine = 0;

        // Open ( and [ since the last brace: a ';' inside them (as in [u8; 4]) does not end a declaration.
        var nesting = 0;
        var testDepth = wholeFileIsTest ? 1 : 0;

        bool Is(int k, ReadOnlySpan<byte> text) => k >= 0 && k < n && file.TextOf(t[k]).SequenceEqual(text);
        bool IsPunct(int k, char c) => k >= 0 && k < n && file.IsPunctuation(t[k], c);
        bool InsideImplOrTrait() => stack.TryPeek(out var top) && top.Body is Body.Impl or Body.Trait;

        for (var k = 0; k < n; k++)
        {
            var token = t[k];
            if (token.Kind == TokenKind.Identifier)
            {
                var name = file.TextOf(token);
                if (name.SequenceEqual("unsafe"u8))
                {
                    if (IsPunct(k + 1, '{'))
                    {
                        pendingRegion = UnsafeKind.Block;
                        pendingLine = token.Line;
                        (testDepth > 0 || pendingTest ? testCounts : counts)[UnsafeKind.Block]++;
                    }
                    else if (Is(k + 1, "fn"u8) || (Is(k + 1, "extern"u8) && (Is(k + 2, "fn"u8) || Is(k + 3, "fn"u8))))
                    {
                        var kind = InsideImplOrTrait() ? UnsafeKind.Method : UnsafeKind.Function;
                        (testDepth > 0 || pendingTest ? testCounts : counts)[kind]++;
                        pendingRegion = kind;
                        pendingLine = token.Line;
                    }
                    else if (Is(k + 1, "impl"u8))
                    {
                        (testDepth > 0 || pendingTest ? testCounts : counts)[UnsafeKind.Implementation]++;
                        pendingRegion = UnsafeKind.Implementation;
                        pendingLine = token.Line;
                    }
                    else if (Is(k + 1, "trait"u8) || (Is(k + 1, "auto"u8) && Is(k + 2, "trait"u8)))
                    {
                        (testDepth > 0 || pendingTest ? testCounts : counts)[UnsafeKind.Trait]++;
                        pendingRegion = UnsafeKind.Trait;
                        pendingLine = token.Line;
                    }

                    // unsafe extern "C" { ... } is handled at 'extern'; #[unsafe(no_mangle)] is an attribute, not a region.
                }
                else if (name.SequenceEqual("extern"u8))
                {
                    var next = k + 1;
                    if (next < n && t[next].Kind == TokenKind.StringLiteral)
                    {
                        next++;
                    }

                    if (IsPunct(next, '{'))
                    {
                        (testDepth > 0 || pendingTest ? testCounts : counts)[UnsafeKind.ExternBlock]++;
                        pendingRegion = UnsafeKind.ExternBlock;
                        pendingLine = Is(k - 1, "unsafe"u8) ? t[k - 1].Line : token.Line;
                    }
                }
                else if (name.SequenceEqual("impl"u8) && pendingRegion is null or UnsafeKind.Implementation)
                {
                    pendingBody = Body.Impl;
                }
                else if (name.SequenceEqual("trait"u8) && pendingRegion is null or UnsafeKind.Trait)
                {
                    pendingBody = Body.Trait;
                }
                else if ((name.SequenceEqual("cfg"u8) && IsPunct(k + 1, '(') && Is(k + 2, "test"u8) && IsPunct(k + 3, ')'))
                    || (name.SequenceEqual("test"u8) && IsPunct(k - 1, '[') && IsPunct(k + 1, ']')))
                {
                    // Test code starts at the attribute: #[cfg(test)] and #[test] lines are test code too.
                    if (!pendingTest)
                    {
                        pendingTestLine = token.Line;
                    }

                    pendingTest = true;
                }

                continue;
            }

            if (token.Kind != TokenKind.Punctuation || token.Length != 1)
            {
                continue;
            }

            var c = (char)file.Text.Span[token.Start];
            if (c is '(' or '[')
            {
                nesting++;
            }
            else if (c is ')' or ']')
            {
                nesting = Math.Max(0, nesting - 1);
            }
            else if (c == '{')
            {
                nesting = 0;
                var test = pendingTest;
                if (test)
                {
                    testDepth++;
                }

                stack.Push(new OpenBrace(pendingBody, pendingRegion, pendingLine, test, test ? pendingTestLine : token.Line));
                pendingRegion = null;
                pendingBody = Body.Other;
                pendingTest = false;
            }
            else if (c == '}')
            {
                nesting = 0;
                if (!stack.TryPop(out var open))
                {
                    continue;
                }

                if (open.Region is { } kind)
                {
                    var last = token.Line;
                    var code = 0;
                    for (var line = open.RegionLine; line <= last; line++)
                    {
                        if (file.Lines[line - 1] == LineKind.Code)
                        {
                            unsafeLine[line] = true;
                            code++;
                        }
                    }

                    regions.Add(new UnsafeRegion(kind, new SourceRange(path, open.RegionLine, last), code, testDepth > 0));
                }

                if (open.Test)
                {
                    for (var line = open.Line; line <= token.Line; line++)
                    {
                        testLine[line] = true;
                    }

                    testDepth--;
                }
            }
            else if (c == ';' && nesting == 0)
            {
                // A declaration without a body: unsafe fn in a trait, #[cfg(test)] use ...;
                pendingRegion = null;
                pendingTest = false;
                pendingBody = Body.Other;
            }
        }

        var codeLines = 0;
        var unsafeLines = 0;
        var testCode = 0;
        var testUnsafe = 0;
        for (var line = 1; line <= lineCount; line++)
        {
            if (file.Lines[line - 1] != LineKind.Code)
            {
                continue;
            }

            var isTest = wholeFileIsTest || testLine[line];
            if (isTest)
            {
                testCode++;
                testUnsafe += unsafeLine[line] ? 1 : 0;
            }
            else
            {
                codeLines++;
                unsafeLines += unsafeLine[line] ? 1 : 0;
            }
        }

        return new RustFileUnsafe(codeLines, unsafeLines, testCode, testUnsafe, counts, testCounts, regions);
    }
}
