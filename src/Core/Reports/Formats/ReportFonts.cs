using System.Collections.Concurrent;
using PdfSharp.Fonts;
using SkiaSharp;

namespace MigrationTracker.Core.Reports.Formats;

/// <summary>
/// Liberation Sans (regular and bold) from a font folder, for the PDF report's text and its charts.
/// Creating one checks the files are there; the first one also installs the process-wide font resolvers
/// that PDFsharp and ScottPlot need, which serve every folder registered so far.
/// </summary>
public sealed class ReportFonts
{
    public const string RegularFile = "LiberationSans-Regular.ttf";
    public const string BoldFile = "LiberationSans-Bold.ttf";
    public const string DebianPackage = "fonts-liberation";

    /// <summary>Where Debian's <c>fonts-liberation</c> (and <c>fonts-liberation2</c>) put Liberation Sans.</summary>
    public static readonly IReadOnlyList<string> DefaultFolders = ["/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2"];

    // Family names are per folder, so two writers with different folders never share a cached face.
    private static readonly ConcurrentDictionary<string, Faces> ByFamily = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, string> FamilyByFolder = new(StringComparer.Ordinal);
    private static readonly Lock InstallGate = new();
    private static volatile bool _installed;
    private static int _families;

    /// <summary>Uses <paramref name="folder"/>, or when it is null the first of <see cref="DefaultFolders"/> that holds both files.</summary>
    /// <exception cref="FileNotFoundException">A font file is missing; the message names it, the folder and the Debian package.</exception>
    public ReportFonts(string? folder = null)
    {
        Folder = folder is null ? Probe() : Check(Path.GetFullPath(folder));
        Family = FamilyByFolder.GetOrAdd(Folder, Register);
        Install();
    }

    /// <summary>The folder the two font files are read from.</summary>
    public string Folder { get; }

    /// <summary>The family name that <see cref="PdfSharp.Drawing.XFont"/> and ScottPlot resolve to these files.</summary>
    internal string Family { get; }

    private static string Probe()
    {
        foreach (var candidate in DefaultFolders)
        {
            if (File.Exists(Path.Combine(candidate, RegularFile)) && File.Exists(Path.Combine(candidate, BoldFile)))
            {
                return candidate;
            }
        }

        return Check(DefaultFolders[0]);
    }

    private static string Check(string folder)
    {
        foreach (var file in (string[])[RegularFile, BoldFile])
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The PDF report needs the font file {file}, which is not in {folder}. Install Debian's {DebianPackage} package "
                    + $"(apt-get install {DebianPackage}) or set the report font folder to a folder holding {RegularFile} and {BoldFile}.",
                    path);
            }
        }

        return folder;
    }

    private static string Register(string folder)
    {
        var family = $"Report Sans {Interlocked.Increment(ref _families)}";
        var faces = new Faces(family, File.ReadAllBytes(Path.Combine(folder, RegularFile)), File.ReadAllBytes(Path.Combine(folder, BoldFile)));
        ByFamily[family] = faces;
        return family;
    }

    /// <summary>
    /// PDFsharp takes one font resolver per process and refuses a change once a font was used; ScottPlot keeps a
    /// shared list. Both resolvers are installed once, under a lock, and look fonts up in the shared registry.
    /// A resolver that another part of the process installed before stays in use for the families it knows.
    /// </summary>
    private static void Install()
    {
        if (_installed)
        {
            return;
        }

        lock (InstallGate)
        {
            if (_installed)
            {
                return;
            }

            var current = GlobalFontSettings.FontResolver;
            if (current is not PdfFontResolver)
            {
                try
                {
                    GlobalFontSettings.FontResolver = new PdfFontResolver(current);
                }
                catch (InvalidOperationException e)
                {
                    throw new InvalidOperationException(
                        $"The PDF report cannot install its font resolver: {current?.GetType().FullName ?? "another one"} was installed and used first, "
                        + "and PDFsharp allows no change after that. Let the report's resolver be installed first (create a ReportFonts at start-up).", e);
                }
            }

            ScottPlot.Fonts.FontResolvers.Insert(0, new ChartFontResolver());
            _installed = true;
        }
    }

    private sealed record Faces(string Family, byte[] Regular, byte[] Bold)
    {
        public string RegularFace => Family + "#regular";

        public string BoldFace => Family + "#bold";

        public SKTypeface? Typeface(bool bold)
        {
            using var data = SKData.CreateCopy(bold ? Bold : Regular);
            return SKTypeface.FromData(data);
        }
    }

    private sealed class PdfFontResolver(IFontResolver? previous) : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            ByFamily.TryGetValue(familyName, out var faces)
                ? new FontResolverInfo(isBold ? faces.BoldFace : faces.RegularFace, mustSimulateBold: false, mustSimulateItalic: isItalic)
                : previous?.ResolveTypeface(familyName, isBold, isItalic);

        public byte[]? GetFont(string faceName)
        {
            var hash = faceName.LastIndexOf('#');
            if (hash > 0 && ByFamily.TryGetValue(faceName[..hash], out var faces))
            {
                return faceName == faces.BoldFace ? faces.Bold : faces.Regular;
            }

            return previous?.GetFont(faceName);
        }
    }

    private sealed class ChartFontResolver : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            ByFamily.TryGetValue(fontName, out var faces) ? faces.Typeface(bold) : null;

        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= ScottPlot.FontWeight.SemiBold, slant != ScottPlot.FontSlant.Upright);
    }
}
