using MigrationTracker.Core.Analysis.Discovery;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Analysis.Pairing;

/// <summary>What a C driver and a Rust driver share, strongest evidence first.</summary>
public enum PairingReason
{
    /// <summary>An INF hardware ID both install on: the same device.</summary>
    HardwareId = 0,

    /// <summary>An INF service name (AddService, KmdfService, UmdfService).</summary>
    ServiceName = 1,

    /// <summary>The driver name, ignoring case, separators and Rust markers (<c>-rs</c>, <c>rust</c>, <c>sys</c>).</summary>
    DriverName = 2,

    /// <summary>The project folder has the same path relative to its repository root.</summary>
    RelativePath = 3,
}

/// <summary>A suggested C ↔ Rust pair: the strongest thing they share and how sure the suggestion is (0 to 1).</summary>
public sealed record PairSuggestion(
    DiscoveredDriver C,
    DiscoveredDriver Rust,
    PairingReason Reason,
    string Matched,
    double Confidence,
    IReadOnlyList<PairingReason> AllReasons);

/// <summary>
/// Suggests which Rust driver ports which C driver. Each driver appears in at most one suggestion:
/// the pairs are taken best first, so a weaker match never takes a driver a stronger one claimed.
/// </summary>
public static class DriverPairing
{
    private const double SupportBonus = 0.03;

    /// <summary>Every UMDF 2 INF adds the reflector service, so it tells nothing about the driver.</summary>
    private static readonly string[] SharedServices = ["WUDFRD"];

    public static IReadOnlyList<PairSuggestion> Suggest(IReadOnlyList<DiscoveredDriver> drivers)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        var cDrivers = drivers.Where(d => d.Language != DriverLanguage.Rust).Select(Keys.Of).ToList();
        var rustDrivers = drivers.Where(d => d.Language == DriverLanguage.Rust).Select(Keys.Of).ToList();

        var candidates = new List<PairSuggestion>();
        foreach (var c in cDrivers)
        {
            foreach (var rust in rustDrivers)
            {
                if (Match(c, rust) is { } suggestion)
                {
                    candidates.Add(suggestion);
                }
            }
        }

        var pairedC = new HashSet<DiscoveredDriver>(ReferenceEqualityComparer.Instance);
        var pairedRust = new HashSet<DiscoveredDriver>(ReferenceEqualityComparer.Instance);
        var result = new List<PairSuggestion>();
        foreach (var candidate in candidates
            .OrderByDescending(s => s.Confidence)
            .ThenBy(s => s.C.ProjectPath, StringComparer.Ordinal)
            .ThenBy(s => s.Rust.ProjectPath, StringComparer.Ordinal))
        {
            if (!pairedC.Contains(candidate.C) && !pairedRust.Contains(candidate.Rust))
            {
                pairedC.Add(candidate.C);
                pairedRust.Add(candidate.Rust);
                result.Add(candidate);
            }
        }

        return result;
    }

    /// <summary>
    /// The name with case, separators and Rust markers dropped: <c>echo_2</c>, <c>echo-2</c> and
    /// <c>echo-2-rs</c> all give <c>echo2</c>.
    /// </summary>
    public static string NormalizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tokens = name.ToUpperInvariant()
            .Split(['-', '_', ' ', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t is not ("RS" or "RUST" or "SYS"));
        return string.Concat(tokens);
    }

    private static PairSuggestion? Match(Keys c, Keys rust)
    {
        var reasons = new List<(PairingReason Reason, string Matched)>();
        if (c.HardwareIds.FirstOrDefault(id => rust.HardwareIds.Contains(id, StringComparer.OrdinalIgnoreCase)) is { } hardwareId)
        {
            reasons.Add((PairingReason.HardwareId, hardwareId));
        }

        if (c.ServiceNames.FirstOrDefault(rust.ServiceNames.Contains) is { } service)
        {
            reasons.Add((PairingReason.ServiceName, service));
        }

        if (c.Name.Length > 0 && c.Name == rust.Name)
        {
            reasons.Add((PairingReason.DriverName, $"{c.Driver.Name} ~ {rust.Driver.Name}"));
        }

        if (string.Equals(c.Folder, rust.Folder, StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add((PairingReason.RelativePath, c.Folder));
        }

        if (reasons.Count == 0)
        {
            return null;
        }

        var (best, matched) = reasons[0];
        var confidence = Math.Min(0.99, BaseConfidence(best) + SupportBonus * (reasons.Count - 1));
        return new PairSuggestion(c.Driver, rust.Driver, best, matched, confidence, [.. reasons.Select(r => r.Reason)]);
    }

    private static double BaseConfidence(PairingReason reason) => reason switch
    {
        PairingReason.HardwareId => 0.9,
        PairingReason.ServiceName => 0.75,
        PairingReason.DriverName => 0.6,
        _ => 0.4,
    };

    /// <summary>What a driver can be matched on, normalised once.</summary>
    private sealed record Keys(DiscoveredDriver Driver, string Name, string Folder, IReadOnlyList<string> HardwareIds, IReadOnlyList<string> ServiceNames)
    {
        public static Keys Of(DiscoveredDriver driver)
        {
            var hardwareIds = driver.Infs.SelectMany(i => i.HardwareIds).Select(h => h.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var services = driver.Infs
                .SelectMany(i => i.ServiceNames.Concat(i.KmdfServices).Concat(i.UmdfServices))
                .Select(s => NormalizeName(s.Value))
                .Where(s => s.Length > 0 && !SharedServices.Contains(s))
                .Distinct()
                .ToList();
            var slash = driver.ProjectPath.LastIndexOf('/');
            var folder = slash < 0 ? "" : driver.ProjectPath[..slash];
            return new Keys(driver, NormalizeName(driver.Name), folder, hardwareIds, services);
        }
    }
}
