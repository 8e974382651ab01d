using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Scoring;

/// <summary>
/// Weights, thresholds and blocking rules of the Rust-readiness score: the document stored in
/// <see cref="ScoringPolicy.Document"/>. Unknown fields are refused so that a typo in an edited
/// policy is reported rather than silently ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReadinessPolicy
{
    /// <summary>Pseudo model name for UMDF drivers whose UMDF major version is 1.</summary>
    public const string Umdf1 = "Umdf1";

    public required int Version { get; init; }

    public required BandThresholds Bands { get; init; }

    /// <summary>A function with a cyclomatic complexity above this counts as complex.</summary>
    public int ComplexFunctionAbove { get; init; } = 15;

    /// <summary>Per-factor weights and thresholds, keyed by <see cref="ReadinessFactors"/> ids. A factor left out is not scored (weight 0).</summary>
    public required IReadOnlyDictionary<string, FactorPolicy> Factors { get; init; }

    public required FrameworkSupportPolicy FrameworkSupport { get; init; }

    /// <summary>The built-in policy, version 1. Weights sum to 100, so a weight reads as the most points the factor can take away.</summary>
    public static ReadinessPolicy Default { get; } = new()
    {
        Version = 1,
        Bands = new BandThresholds(ReadyAtLeast: 70, NeedsWorkAtLeast: 40),
        ComplexFunctionAbove = 15,
        Factors = new Dictionary<string, FactorPolicy>
        {
            // Its penalty comes from FrameworkSupport below, not from thresholds.
            [ReadinessFactors.FrameworkSupport] = new() { Weight = 20 },

            // Any SEH costs at least half the factor: each __try needs a redesign, whatever the count.
            [ReadinessFactors.StructuredExceptionHandling] = new() { Weight = 15, NoPenaltyAt = 0, FullPenaltyAt = 10, MinimumPenalty = 0.5, BlockAtOrAbove = 20 },
            [ReadinessFactors.Size] = new() { Weight = 8, NoPenaltyAt = 1_000, FullPenaltyAt = 30_000 },
            [ReadinessFactors.CppUsage] = new() { Weight = 8, NoPenaltyAt = 0, FullPenaltyAt = 50 },
            [ReadinessFactors.Complexity] = new() { Weight = 8, NoPenaltyAt = 0, FullPenaltyAt = 25 },

            // Replacing WPP is a fixed chunk of work (new provider, new decoding) before it scales with call sites.
            [ReadinessFactors.WppTracing] = new() { Weight = 5, NoPenaltyAt = 0, FullPenaltyAt = 100, MinimumPenalty = 0.5 },
            [ReadinessFactors.MacrosAndPreprocessor] = new() { Weight = 6, NoPenaltyAt = 5, FullPenaltyAt = 40 },
            [ReadinessFactors.PointerArithmeticAndCasts] = new() { Weight = 6, NoPenaltyAt = 5, FullPenaltyAt = 50 },
            [ReadinessFactors.CallbackSurface] = new() { Weight = 5, NoPenaltyAt = 10, FullPenaltyAt = 60 },
            [ReadinessFactors.IrqlAndLocking] = new() { Weight = 5, NoPenaltyAt = 2, FullPenaltyAt = 30 },
            [ReadinessFactors.Goto] = new() { Weight = 4, NoPenaltyAt = 0, FullPenaltyAt = 10 },
            [ReadinessFactors.UnionsAndBitfields] = new() { Weight = 4, NoPenaltyAt = 0, FullPenaltyAt = 10 },
            [ReadinessFactors.MutableGlobals] = new() { Weight = 4, NoPenaltyAt = 0, FullPenaltyAt = 30 },
            [ReadinessFactors.InlineAssembly] = new() { Weight = 2, NoPenaltyAt = 0, FullPenaltyAt = 10 },
        },
        FrameworkSupport = new()
        {
            Models = new Dictionary<string, SupportRule>
            {
                [nameof(DriverModel.Kmdf)] = new(0),
                [nameof(DriverModel.Umdf)] = new(0),
                [Umdf1] = new(1, Blocks: true),
                [nameof(DriverModel.Wdm)] = new(0),
                [nameof(DriverModel.Miniport)] = new(0.6),
                [nameof(DriverModel.ExportDriver)] = new(0.4),
                [nameof(DriverModel.Unknown)] = new(0.5),
            },
            Frameworks = new Dictionary<string, SupportRule>
            {
                [nameof(DriverFramework.None)] = new(0),
                [nameof(DriverFramework.Hid)] = new(0.1),
                [nameof(DriverFramework.Usb)] = new(0.1),
                [nameof(DriverFramework.Spb)] = new(0.1),
                [nameof(DriverFramework.Gpio)] = new(0.1),
                [nameof(DriverFramework.Ndis)] = new(1, Blocks: true),
                [nameof(DriverFramework.FileSystemMinifilter)] = new(1, Blocks: true),
                [nameof(DriverFramework.Wfp)] = new(1, Blocks: true),
                [nameof(DriverFramework.AvStream)] = new(1, Blocks: true),
                [nameof(DriverFramework.Storport)] = new(1, Blocks: true),
                [nameof(DriverFramework.PortCls)] = new(1, Blocks: true),
                [nameof(DriverFramework.NetAdapterCx)] = new(1, Blocks: true),
                [nameof(DriverFramework.Acx)] = new(1, Blocks: true),
                [nameof(DriverFramework.Wsk)] = new(1, Blocks: true),
            },
        },
    };

    /// <summary>Reads and validates a policy document; throws <see cref="PolicyValidationException"/> listing every problem.</summary>
    public static ReadinessPolicy Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ReadinessPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<ReadinessPolicy>(json, ScoringJson.Options);
        }
        catch (JsonException e)
        {
            throw new PolicyValidationException(e.Message, e);
        }

        if (policy is null)
        {
            throw new PolicyValidationException("The document is null; expected an object with version, bands, factors and frameworkSupport.");
        }

        var problems = policy.Validate();
        return problems.Count == 0 ? policy : throw new PolicyValidationException(problems);
    }

    public string ToJson() => JsonSerializer.Serialize(this, ScoringJson.Indented);

    /// <summary>The policy of a factor; weight 0 (not scored) when the document leaves it out.</summary>
    public FactorPolicy Factor(string id) => Factors.TryGetValue(id, out var factor) ? factor : FactorPolicy.NotScored;

    /// <summary>Every problem of the document, each naming its field; empty when the policy is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Version < 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"version: must be 1 or more (found {Version})."));
        }

        if (Bands.ReadyAtLeast is <= 0 or > 100)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"bands.readyAtLeast: must be above 0 and at most 100 (found {Bands.ReadyAtLeast})."));
        }

        if (Bands.NeedsWorkAtLeast is < 0 or > 100)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"bands.needsWorkAtLeast: must be between 0 and 100 (found {Bands.NeedsWorkAtLeast})."));
        }

        if (Bands.NeedsWorkAtLeast >= Bands.ReadyAtLeast)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"bands: needsWorkAtLeast ({Bands.NeedsWorkAtLeast}) must be below readyAtLeast ({Bands.ReadyAtLeast})."));
        }

        if (ComplexFunctionAbove < 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"complexFunctionAbove: must be 1 or more (found {ComplexFunctionAbove})."));
        }

        foreach (var (id, factor) in Factors)
        {
            if (!ReadinessFactors.All.Contains(id))
            {
                problems.Add($"factors.{id}: unknown factor. Known factors: {string.Join(", ", ReadinessFactors.All)}.");
                continue;
            }

            factor.Validate($"factors.{id}", problems);
        }

        if (Factor(ReadinessFactors.FrameworkSupport).BlockAtOrAbove is not null)
        {
            problems.Add("factors.frameworkSupport.blockAtOrAbove: not used; frameworkSupport.models and frameworkSupport.frameworks decide what blocks.");
        }

        if (Factors.Where(pair => ReadinessFactors.All.Contains(pair.Key)).Sum(pair => Math.Max(0, pair.Value.Weight)) <= 0)
        {
            problems.Add("factors: the weights sum to 0; give at least one factor a positive weight.");
        }

        var modelNames = Enum.GetNames<DriverModel>().Append(Umdf1).ToList();
        ValidateRules("frameworkSupport.models", FrameworkSupport.Models, modelNames, problems);
        ValidateRules("frameworkSupport.frameworks", FrameworkSupport.Frameworks, Enum.GetNames<DriverFramework>(), problems);
        return problems;
    }

    private static void ValidateRules(string field, IReadOnlyDictionary<string, SupportRule> rules, IReadOnlyList<string> names, List<string> problems)
    {
        foreach (var (name, rule) in rules)
        {
            if (!names.Contains(name))
            {
                problems.Add($"{field}.{name}: unknown name. Known names: {string.Join(", ", names)}.");
            }
            else if (rule.Penalty is < 0 or > 1)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{field}.{name}.penalty: must be between 0 and 1 (found {rule.Penalty})."));
            }
        }
    }
}

/// <summary>Lowest scores of the Ready and Needs work bands; anything lower is Blocked.</summary>
public sealed record BandThresholds(double ReadyAtLeast, double NeedsWorkAtLeast);

/// <summary>
/// How one factor turns its measured value into a penalty: 0 up to <see cref="NoPenaltyAt"/>, rising
/// linearly to 1 at <see cref="FullPenaltyAt"/>, never below <see cref="MinimumPenalty"/> once past
/// <see cref="NoPenaltyAt"/>. A value at or above <see cref="BlockAtOrAbove"/> blocks the driver outright.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FactorPolicy
{
    internal static readonly FactorPolicy NotScored = new() { Weight = 0 };

    public required double Weight { get; init; }

    public double NoPenaltyAt { get; init; }

    public double FullPenaltyAt { get; init; } = 1;

    public double MinimumPenalty { get; init; }

    public double? BlockAtOrAbove { get; init; }

    /// <summary>The penalty, 0 to 1, for a measured value.</summary>
    public double PenaltyFor(double value)
    {
        if (value <= NoPenaltyAt)
        {
            return 0;
        }

        var linear = Math.Min(1, (value - NoPenaltyAt) / (FullPenaltyAt - NoPenaltyAt));
        return Math.Max(MinimumPenalty, linear);
    }

    public bool Blocks(double value) => BlockAtOrAbove is { } limit && value >= limit;

    internal void Validate(string field, List<string> problems)
    {
        var culture = CultureInfo.InvariantCulture;
        if (Weight < 0)
        {
            problems.Add(string.Create(culture, $"{field}.weight: must be zero or more (found {Weight})."));
        }

        if (NoPenaltyAt < 0)
        {
            problems.Add(string.Create(culture, $"{field}.noPenaltyAt: must be zero or more (found {NoPenaltyAt})."));
        }

        if (FullPenaltyAt <= NoPenaltyAt)
        {
            problems.Add(string.Create(culture, $"{field}: fullPenaltyAt ({FullPenaltyAt}) must be above noPenaltyAt ({NoPenaltyAt})."));
        }

        if (MinimumPenalty is < 0 or > 1)
        {
            problems.Add(string.Create(culture, $"{field}.minimumPenalty: must be between 0 and 1 (found {MinimumPenalty})."));
        }

        if (BlockAtOrAbove is { } limit && limit <= NoPenaltyAt)
        {
            problems.Add(string.Create(culture, $"{field}: blockAtOrAbove ({limit}) must be above noPenaltyAt ({NoPenaltyAt})."));
        }
    }
}

/// <summary>Penalty (0 to 1) of a driver model or framework in the framework-support factor, and whether it blocks outright.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SupportRule(double Penalty, bool Blocks = false);

/// <summary>
/// Support rules keyed by <see cref="DriverModel"/> name (plus <see cref="ReadinessPolicy.Umdf1"/>) and by
/// <see cref="DriverFramework"/> name. A name left out has no penalty.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FrameworkSupportPolicy
{
    public required IReadOnlyDictionary<string, SupportRule> Models { get; init; }

    public required IReadOnlyDictionary<string, SupportRule> Frameworks { get; init; }
}
