using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationTracker.Core.Analysis.Constructs;
using MigrationTracker.Core.Analysis.Discovery;
using MigrationTracker.Core.Analysis.Text;
using MigrationTracker.Core.Analysis.Unsafe;

namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>
/// Stores a file's analysis as JSON (the file-analysis cache in the database) and reads it back,
/// so a content analysed by one job or process is never analysed again.
/// </summary>
public static class FileOutcomeJson
{
    /// <summary>Bumped whenever the analysis of a file would give a different result; older stored results are then ignored.</summary>
    public const int AnalyzerVersion = 1;

    public static string Serialize(FileOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var report = outcome.Report;
        var stored = new StoredOutcome(
            outcome.SkipReason,
            report is null ? null : new StoredReport(
                report.Path,
                report.Language,
                report.SizeBytes,
                report.Blank,
                report.Comment,
                report.Code,
                report.Encoding,
                report.Constructs is { } c ? new StoredConstructs(c.AllLines(), c.Functions, c.Includes) : null,
                report.Unsafe));
        return JsonSerializer.Serialize(stored, FileOutcomeJsonContext.Default.StoredOutcome);
    }

    public static FileOutcome Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize(json, FileOutcomeJsonContext.Default.StoredOutcome)
            ?? throw new JsonException("Empty file analysis.");
        if (stored.Report is not { } r)
        {
            return new FileOutcome(null, stored.SkipReason);
        }

        var constructs = r.Constructs is { } c ? CFileConstructs.From(c.Lines, c.Functions, c.Includes) : null;
        return new FileOutcome(new FileReport(r.Path, r.Language, r.SizeBytes, r.Blank, r.Comment, r.Code, r.Encoding, constructs, r.Unsafe), null);
    }

    internal sealed record StoredOutcome(string? SkipReason, StoredReport? Report);

    internal sealed record StoredReport(
        string Path,
        SourceLanguage Language,
        long SizeBytes,
        int Blank,
        int Comment,
        int Code,
        TextEncodingKind Encoding,
        StoredConstructs? Constructs,
        RustFileUnsafe? Unsafe);

    internal sealed record StoredConstructs(Dictionary<CConstruct, int[]> Lines, List<FunctionComplexity> Functions, List<IncludeDirective> Includes);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FileOutcomeJson.StoredOutcome))]
internal sealed partial class FileOutcomeJsonContext : JsonSerializerContext;
