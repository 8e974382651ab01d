using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MigrationTracker.Core.Scoring;

namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>
/// Everything a driver's page shows about one snapshot beyond its figures: the measured profile,
/// the score with each factor's evidence, the unsafe hotspots. Stored once per distinct content.
/// </summary>
public sealed record DriverDetail(
    DriverCode Code,
    DriverFramework Framework,
    IReadOnlyList<string> HardwareIds,
    CDriverProfile? Profile,
    ReadinessResult? Readiness,
    UnsafeSummary? Unsafe)
{
    public static DriverDetail Of(DriverEntry driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return new DriverDetail(driver.Code, driver.Framework, driver.HardwareIds, driver.Profile, driver.Readiness, driver.Unsafe);
    }

    public string ToJson() => JsonSerializer.Serialize(this, ScoringJson.Options);

    public static DriverDetail FromJson(string json) =>
        JsonSerializer.Deserialize<DriverDetail>(json, ScoringJson.Options) ?? throw new JsonException("Empty driver detail.");

    /// <summary>The content address of a detail's JSON: SHA-256, hex.</summary>
    public static string HashOf(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
