using MigrationTracker.Core.Analysis.Constructs;
using MigrationTracker.Core.Analysis.Lexing;
using MigrationTracker.Core.Analysis.Text;
using MigrationTracker.Core.Analysis.Unsafe;

namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>One source file's analysis: its line counts and, by language, its C/C++ constructs or its unsafe Rust.</summary>
public sealed record FileReport(
    string Path,
    SourceLanguage Language,
    long SizeBytes,
    int Blank,
    int Comment,
    int Code,
    TextEncodingKind Encoding,
    CFileConstructs? Constructs,
    RustFileUnsafe? Unsafe)
{
    /// <summary>Whether the file shows C++ (by extension, or by classes, templates, namespaces, new/delete in a header).</summary>
    public bool UsesCpp => Language == SourceLanguage.Cpp || (Constructs?.UsesCpp ?? false);

    /// <summary>The same report for the same content at another path (a copy or a rename): evidence names the new path.</summary>
    public FileReport At(string path)
    {
        if (path == Path)
        {
            return this;
        }

        return this with
        {
            Path = path,
            Constructs = Constructs?.At(path),
            Unsafe = Unsafe is null ? null : Unsafe with
            {
                Regions = [.. Unsafe.Regions.Select(r => r with { Range = r.Range with { Path = path } })],
            },
        };
    }
}

/// <summary>A file the scan did not analyse, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>Analyses one source file: decode, lex, count lines, find constructs or unsafe regions.</summary>
public static class FileAnalyzer
{
    public static FileReport Analyze(string path, SourceLanguage language, ReadOnlyMemory<byte> content, DecodedText decoded)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (language == SourceLanguage.Rust)
        {
            using var lexed = RustLexer.Lex(decoded.Utf8);
            var unsafeCode = RustUnsafeScanner.Scan(lexed, path);
            return new FileReport(path, language, content.Length, lexed.BlankLines, lexed.CommentLines, lexed.CodeLines, decoded.Encoding, null, unsafeCode);
        }
        else
        {
            using var lexed = CLexer.Lex(decoded.Utf8);
            var constructs = CConstructScanner.Scan(lexed, path);
            return new FileReport(path, language, content.Length, lexed.BlankLines, lexed.CommentLines, lexed.CodeLines, decoded.Encoding, constructs, null);
        }
    }
}
