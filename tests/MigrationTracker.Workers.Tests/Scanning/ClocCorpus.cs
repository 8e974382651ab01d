using System.Text;

namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>
/// Writes a seeded random corpus of driver-like C, C++, header and Rust files whose line counts cloc
/// gets right. Constructs where cloc is knowingly wrong are left out on purpose (cloc works line by
/// line with regular expressions, not with a lexer):
/// <list type="bullet">
/// <item>Rust nested block comments (<c>/* a /* b */ c */</c>): cloc ends the comment at the first <c>*/</c>.</item>
/// <item>A double quote in a char literal (<c>'"'</c>): cloc takes it for the start of a string and misreads comment markers after it.</item>
/// <item>Comment markers inside a string that spans lines (Rust multi-line strings, C strings continued with a backslash): cloc looks for strings one line at a time.</item>
/// <item>Raw strings holding a double quote (<c>r#"say "hi""#</c>): same reason.</item>
/// <item>An odd number of double quotes inside a comment: cloc pairs quotes across the comment.</item>
/// <item>A <c>//</c> comment ending in a backslash: the C preprocessor splices the next line into the comment, cloc counts that line as code.</item>
/// </list>
/// </summary>
internal sealed class ClocCorpus(int seed)
{
    private static readonly string[] CNames = ["status", "device", "request", "queue", "context", "irp", "buffer", "length", "index", "flags"];
    private static readonly string[] Words = ["read", "write", "the", "device", "queue", "is", "ready", "before", "IRQL", "DISPATCH_LEVEL", "lock", "held"];

    private readonly Random _random = new(seed);

    /// <summary>Writes <paramref name="count"/> files under <paramref name="root"/>; returns their relative paths.</summary>
    public List<string> Write(string root, int count)
    {
        var paths = new List<string>();
        string[] extensions = [".c", ".c", ".cpp", ".h", ".h", ".rs", ".rs"];
        for (var i = 0; i < count; i++)
        {
            var extension = extensions[_random.Next(extensions.Length)];
            var path = $"drivers/d{i % 17:00}/file{i:000}{extension}";
            var lines = extension == ".rs" ? RustFile() : CFile(extension == ".cpp");
            var newline = _random.Next(5) == 0 ? "\r\n" : "\n";
            var text = string.Join(newline, lines) + (_random.Next(8) == 0 ? "" : newline);
            EchoFixture.WriteBytes(root, path, Encoding.UTF8.GetBytes(text));
            paths.Add(path);
        }

        return paths;
    }

    private string Name() => CNames[_random.Next(CNames.Length)];

    private string Sentence() => string.Join(' ', Enumerable.Range(0, 2 + _random.Next(5)).Select(_ => Words[_random.Next(Words.Length)]));

    private string Indent() => new(' ', 4 * _random.Next(3));

    private List<string> CFile(bool cpp)
    {
        var lines = new List<string>();
        var pieces = 5 + _random.Next(40);
        for (var p = 0; p < pieces; p++)
        {
            var indent = Indent();
            switch (_random.Next(cpp ? 22 : 20))
            {
                case 0: lines.Add(""); break;
                case 1: lines.Add(_random.Next(2) == 0 ? "   " : "\t"); break;
                case 2: lines.Add($"{indent}// {Sentence()}"); break;
                case 3: lines.Add($"{indent}{Name()} = {Name()} + 1; // {Sentence()}"); break;
                case 4: lines.Add($"{indent}/* {Sentence()} */"); break;
                case 5:
                    lines.Add($"{indent}/*");
                    for (var k = _random.Next(4); k > 0; k--)
                    {
                        lines.Add(_random.Next(4) == 0 ? "" : $"{indent} * {Sentence()}");
                    }

                    lines.Add($"{indent} */");
                    break;
                case 6:
                    lines.Add($"{indent}{Name()} = 0; /* {Sentence()}");
                    lines.Add($"{indent}   {Sentence()} */");
                    break;
                case 7: lines.Add($"{indent}/* {Sentence()} */ {Name()}++;"); break;
                case 8: lines.Add($"{indent}DbgPrint(\"see http://example.com/* not a comment */ // {Sentence()}\\n\");"); break;
                case 9: lines.Add($"#define {Name().ToUpperInvariant()}_{p}({Name()}) (({Name()}) + {p})"); break;
                case 10:
                    lines.Add($"#if defined({Name().ToUpperInvariant()})");
                    lines.Add($"{indent}{Name()} = {p};");
                    lines.Add("#endif // " + Sentence());
                    break;
                case 11:
                    lines.Add($"#define CHECK_{p}(x) \\");
                    lines.Add("    do { if (!(x)) { goto Exit; } } while (0)");
                    break;
                case 12 when _random.Next(2) == 0: lines.Add($"{indent}if ({Name()} == '\\'') {{ {Name()} = '/'; }} /* q */ // r"); break;
                case 12: lines.Add($"{indent}if ({Name()} == '/') {{ {Name()} = '*'; }}"); break;
                case 13:
                    lines.Add($"{indent}__try {{");
                    lines.Add($"{indent}    {Name()} = *(PULONG){Name()};");
                    lines.Add($"{indent}}} __except (EXCEPTION_EXECUTE_HANDLER) {{");
                    lines.Add($"{indent}}}");
                    break;
                case 14: lines.Add($"{indent}//"); break;
                case 15: lines.Add($"{indent}/**/"); break;
                case 16: lines.Add($"{indent}{Name()} = {Name()} / 2; // half"); break;
                case 17:
                    lines.Add($"{indent}/* {Sentence()}");
                    lines.Add("");
                    lines.Add($"{indent}   {Sentence()} */ {Name()} = 1;");
                    break;
                case 18: lines.Add($"{indent}ULONG {Name()}{p} = 0;   "); break;
                case 19: lines.Add($"{indent}{Name()} = {Name()} * 2; /* {Sentence()} */ /* {Sentence()} */"); break;
                case 20 when _random.Next(2) == 0: lines.Add($"{indent}PCSTR e{p} = \"quote \\\" then /* not */ \"; /* {Sentence()} */ // tail"); break;
                case 20: lines.Add($"{indent}class C{p} : public Base {{ public: C{p}() = default; }};"); break;
                default: lines.Add($"{indent}auto p{p} = new ({Name()}) Thing{p}(); // {Sentence()}"); break;
            }
        }

        return lines;
    }

    private List<string> RustFile()
    {
        var lines = new List<string>();
        var pieces = 5 + _random.Next(40);
        for (var p = 0; p < pieces; p++)
        {
            var indent = Indent();
            switch (_random.Next(16))
            {
                case 0: lines.Add(""); break;
                case 1: lines.Add(_random.Next(2) == 0 ? "    " : "\t"); break;
                case 2: lines.Add($"{indent}// {Sentence()}"); break;
                case 3: lines.Add($"{indent}/// {Sentence()}"); break;
                case 4: lines.Add($"//! {Sentence()}"); break;
                case 5: lines.Add($"{indent}let {Name()}{p} = {p}; // {Sentence()}"); break;
                case 6:
                    lines.Add($"{indent}/* {Sentence()}");
                    if (_random.Next(3) == 0)
                    {
                        lines.Add("");
                    }

                    lines.Add($"{indent}   {Sentence()} */");
                    break;
                case 7: lines.Add($"{indent}let url = \"http://example.com/* not */ // {Sentence()}\";"); break;
                case 8: lines.Add($"{indent}let slash = '/'; let star = '*';"); break;
                case 9: lines.Add($"fn f{p}<'a>(x: &'a [u8]) -> &'a [u8] {{ x }}"); break;
                case 10:
                    lines.Add($"{indent}let v{p} = unsafe {{");
                    lines.Add($"{indent}    *{Name()}.as_ptr() // {Sentence()}");
                    lines.Add($"{indent}}};");
                    break;
                case 11:
                    lines.Add($"{indent}let text{p} = \"first line");
                    lines.Add($"{indent}    second line\";");
                    break;
                case 12: lines.Add($"{indent}let raw{p} = r\"C:\\Windows // not a comment\";"); break;
                case 13: lines.Add($"{indent}/* {Sentence()} */ let z{p} = 0;"); break;
                case 14: lines.Add($"#[cfg(test)]"); lines.Add("mod tests {"); lines.Add("    #[test]"); lines.Add("    fn t() {}"); lines.Add("}"); break;
                default: lines.Add($"{indent}let q{p} = {Name()} / 2; //"); break;
            }
        }

        return lines;
    }
}
