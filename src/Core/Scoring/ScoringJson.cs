using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationTracker.Core.Analysis;

namespace MigrationTracker.Core.Scoring;

/// <summary>
/// JSON for profiles (Snapshot.MetricsJson), results (Snapshot.ScoreJson) and policies: camelCase,
/// enums as names (also as dictionary keys), so stored documents stay readable and survive enum reordering.
/// </summary>
public static class ScoringJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Same as <see cref="Options"/>, indented for documents people edit.</summary>
    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };

    public static string Serialize(CDriverProfile profile) => JsonSerializer.Serialize(profile, Options);

    public static CDriverProfile DeserializeProfile(string json) =>
        JsonSerializer.Deserialize<CDriverProfile>(json, Options) ?? throw new JsonException("The stored profile is null.");

    public static string Serialize(ReadinessResult result) => JsonSerializer.Serialize(result, Options);

    public static ReadinessResult DeserializeResult(string json) =>
        JsonSerializer.Deserialize<ReadinessResult>(json, Options) ?? throw new JsonException("The stored readiness result is null.");
}
