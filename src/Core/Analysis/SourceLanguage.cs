namespace MigrationTracker.Core.Analysis;

/// <summary>Languages the engine counts, named as cloc names them.</summary>
public enum SourceLanguage
{
    C = 0,
    Cpp = 1,
    CHeader = 2,
    Rust = 3,
}

public static class SourceLanguages
{
    /// <summary>cloc's name for the language: "C", "C++", "C/C++ Header", "Rust".</summary>
    public static string ClocName(this SourceLanguage language) => language switch
    {
        SourceLanguage.C => "C",
        SourceLanguage.Cpp => "C++",
        SourceLanguage.CHeader => "C/C++ Header",
        SourceLanguage.Rust => "Rust",
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };

    /// <summary>The language cloc calls <paramref name="name"/>, or null.</summary>
    public static SourceLanguage? FromClocName(string name) =>
        Enum.GetValues<SourceLanguage>().Cast<SourceLanguage?>().FirstOrDefault(l => l!.Value.ClocName() == name);

    /// <summary>The language a path's extension names (cloc's mapping), or null when the engine does not count it.</summary>
    public static SourceLanguage? FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        return extension.ToUpperInvariant() switch
        {
            ".C" when extension == ".C" => SourceLanguage.Cpp, // cloc: upper-case .C is C++
            ".C" => SourceLanguage.C,
            ".CPP" or ".CXX" or ".CC" or ".C++" or ".INL" or ".IPP" or ".TCC" => SourceLanguage.Cpp,
            ".H" or ".HH" or ".HPP" or ".HXX" => SourceLanguage.CHeader,
            ".RS" => SourceLanguage.Rust,
            _ => null,
        };
    }
}
