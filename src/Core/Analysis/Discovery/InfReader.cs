using System.Text.RegularExpressions;

namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>
/// Reads the install facts of an INF/INX file: service names, hardware IDs, class, WDF versions.
/// A line-based reader is enough: INF has no nesting, only sections, <c>key = value</c> lines and ';' comments.
/// </summary>
internal static partial class InfReader
{
    public static InfFacts Read(string path, string text)
    {
        var lines = ReadLines(text);
        var sections = lines.GroupBy(l => l.Section, StringComparer.OrdinalIgnoreCase).ToList();

        // [Manufacturer] entries name the models sections: "%Mfg% = Models, NTamd64" means
        // [Models] and [Models.NTamd64]; a bare "%Mfg%" names itself. Install sections often
        // start with the models name too ([Models.Install]), so only exact names count.
        var modelSections = lines
            .Where(l => string.Equals(l.Section, "Manufacturer", StringComparison.OrdinalIgnoreCase))
            .SelectMany(l =>
            {
                var fields = Fields(l.Value).ToList();
                var models = fields[0].Trim('%');
                return l.Key is null ? [models] : fields.Skip(1).Select(decoration => models + "." + decoration).Prepend(models);
            })
            .Where(name => name.Length > 0)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool IsModels(string section) => modelSections.Contains(section);

        // Service names are often string tokens (AddService = %ServiceName%, ...): resolve them
        // from [Strings], the undecorated section first, then localized ones.
        var strings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines
            .Where(l => l.Key is not null && (string.Equals(l.Section, "Strings", StringComparison.OrdinalIgnoreCase) || l.Section.StartsWith("Strings.", StringComparison.OrdinalIgnoreCase)))
            .OrderBy(l => l.Section.Length))
        {
            strings.TryAdd(line.Key!, line.Value.Trim().Trim('"'));
        }

        string Resolve(string value) => StringToken().Replace(value, m => strings.GetValueOrDefault(m.Groups[1].Value, m.Value));

        var hardwareIds = sections
            .Where(s => IsModels(s.Key))
            .SelectMany(s => s)
            .Where(l => l.Key is not null)
            .SelectMany(l => Fields(Resolve(l.Value)).Skip(1).Select(id => new InfValue(id, new SourceLocation(path, l.Number))))
            .Where(id => id.Value.Length > 0)
            .DistinctBy(id => id.Value, StringComparer.OrdinalIgnoreCase)
            .ToList();

        InfValue? First(string key, Func<string, string>? select = null) => All(key, select).FirstOrDefault();
        List<InfValue> All(string key, Func<string, string>? select = null) => [.. lines
            .Where(l => string.Equals(l.Key, key, StringComparison.OrdinalIgnoreCase))
            .Select(l => new InfValue((select ?? (v => v))(Resolve(l.Value)).Trim().Trim('"'), new SourceLocation(path, l.Number)))
            .Where(v => v.Value.Length > 0)];
        static List<InfValue> Distinct(List<InfValue> values) =>
            [.. values.DistinctBy(v => v.Value, StringComparer.OrdinalIgnoreCase)];

        return new InfFacts
        {
            Path = path,
            Class = First("Class"),
            ServiceType = First("ServiceType"),
            KmdfLibraryVersion = First("KmdfLibraryVersion"),
            UmdfLibraryVersion = First("UmdfLibraryVersion"),
            ServiceNames = Distinct(All("AddService", FirstField)),
            KmdfServices = Distinct(All("KmdfService", FirstField)),
            UmdfServices = Distinct(All("UmdfService", FirstField)),
            ServiceBinaries = Distinct(All("ServiceBinary", v => v[(v.LastIndexOf('\\') + 1)..])),
            HardwareIds = hardwareIds,
        };
    }

    private sealed record InfLine(int Number, string Section, string? Key, string Value);

    private static List<InfLine> ReadLines(string text)
    {
        var result = new List<InfLine>();
        var section = "";
        var number = 0;
        foreach (var raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            number++;
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('[') && line.IndexOf(']', StringComparison.Ordinal) is > 0 and var close)
            {
                section = line[1..close].Trim();
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            result.Add(equals < 0
                ? new InfLine(number, section, null, line)
                : new InfLine(number, section, line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        return result;
    }

    /// <summary>';' starts a comment unless it sits inside a quoted string.</summary>
    private static string StripComment(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"')
            {
                quoted = !quoted;
            }
            else if (line[i] == ';' && !quoted)
            {
                return line[..i];
            }
        }

        return line;
    }

    private static IEnumerable<string> Fields(string value) =>
        value.Split(',').Select(f => f.Trim().Trim('"'));

    private static string FirstField(string value) => Fields(value).First();

    [GeneratedRegex("%([^%]+)%", RegexOptions.CultureInvariant)]
    private static partial Regex StringToken();
}
