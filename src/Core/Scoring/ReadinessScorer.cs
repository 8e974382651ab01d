using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Domain;
using static System.FormattableString;
using F = MigrationTracker.Core.Scoring.ReadinessFactors;

namespace MigrationTracker.Core.Scoring;

/// <summary>Computes a C/C++ driver's Rust-readiness from its measured profile under a policy. Pure: no I/O, no clock.</summary>
public static class ReadinessScorer
{
    /// <summary>Locations kept per factor; <see cref="FactorResult.EvidenceCount"/> keeps the full count.</summary>
    public const int MaxEvidencePerFactor = 50;

    public static ReadinessResult Score(CDriverProfile profile, ReadinessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(policy);

        var support = MeasureSupport(profile, policy.FrameworkSupport);
        var blockingReasons = new List<string>(support.BlockingReasons);
        var totalWeight = F.All.Sum(id => policy.Factor(id).Weight);
        if (!(totalWeight > 0))
        {
            // Parse refuses such a policy; this guards policies built in code.
            throw new ArgumentException("The policy's factor weights sum to 0; give at least one factor a positive weight.", nameof(policy));
        }

        var factors = new List<FactorResult>();
        foreach (var measured in Measure(profile, policy, support))
        {
            var factorPolicy = policy.Factor(measured.Id);

            // Framework support carries its penalty from the support table, not from thresholds.
            var isSupport = measured.Id == F.FrameworkSupport;
            var penalty = isSupport ? measured.Value : factorPolicy.PenaltyFor(measured.Value);
            var contribution = factorPolicy.Weight / totalWeight * penalty * 100;
            if (!isSupport && factorPolicy.Blocks(measured.Value))
            {
                blockingReasons.Add(Invariant($"{measured.Title}: {measured.Measurement}, at or above the policy's blocking limit of {factorPolicy.BlockAtOrAbove:#,0.##}."));
            }

            factors.Add(new FactorResult(
                measured.Id, measured.Title, measured.Value, measured.Unit, measured.Measurement, penalty,
                factorPolicy.Weight, contribution, measured.Explanation, measured.Evidence, measured.EvidenceCount));
        }

        // Clamped only against floating-point residue (e.g. -1e-14), so contributions still add up to 100 - score.
        var score = Math.Clamp(100 - factors.Sum(factor => factor.Contribution), 0, 100);
        var band = profile.TotalCodeLines == 0 ? ReadinessBand.None
            : blockingReasons.Count > 0 ? ReadinessBand.Blocked
            : score >= policy.Bands.ReadyAtLeast ? ReadinessBand.Ready
            : score >= policy.Bands.NeedsWorkAtLeast ? ReadinessBand.NeedsWork
            : ReadinessBand.Blocked;
        if (band == ReadinessBand.Blocked && blockingReasons.Count == 0)
        {
            // A Blocked band always says why, also when only the sum of many smaller factors put it there.
            blockingReasons.Add(Invariant($"The score, {score:0.0}, is below {policy.Bands.NeedsWorkAtLeast:0.##}, the lowest score of the Needs work band."));
        }

        return new ReadinessResult(policy.Version, score, band, blockingReasons, factors);
    }

    private static IEnumerable<Measured> Measure(CDriverProfile profile, ReadinessPolicy policy, SupportMeasurement support)
    {
        var lines = profile.TotalCodeLines;
        double PerThousand(int count) => lines == 0 ? 0 : count * 1000.0 / lines;

        yield return new Measured(
            F.FrameworkSupport, "Framework support", support.Penalty, "support gap (0 = supported, 1 = not supported)",
            support.Description, support.Explanation, Cap(profile.FrameworkEvidence), profile.FrameworkEvidence.Count);

        var seh = profile.Count(CConstruct.StructuredExceptionHandling);
        yield return Counted(
            profile, F.StructuredExceptionHandling, "Structured exception handling (SEH)", seh, ("block", "blocks"),
            seh == 0 ? "No structured exception handling (__try/__except)."
                : Invariant($"{Plural(seh, "SEH block", "SEH blocks")} (__try/__except): Rust has no structured exception handling; each needs a redesign."),
            CConstruct.StructuredExceptionHandling);

        yield return new Measured(
            F.Size, "Size", lines, "code lines", Plural(lines, "code line", "code lines"),
            Invariant($"{lines:N0} code lines (C {profile.CCodeLines:N0}, C++ {profile.CppCodeLines:N0}, headers {profile.HeaderCodeLines:N0}): bigger drivers take longer to port and to validate."),
            [], 0);

        yield return MeasureCpp(profile);
        yield return MeasureComplexity(profile, policy.ComplexFunctionAbove);

        var wpp = profile.Count(CConstruct.WppTracing);
        yield return Counted(
            profile, F.WppTracing, "WPP tracing", wpp, ("use", "uses"),
            wpp == 0 ? "No WPP tracing."
                : Invariant($"WPP tracing is used in {Plural(wpp, "place", "places")}: windows-drivers-rs has no plan to support WPP; replace with TraceLogging or DbgPrint."),
            CConstruct.WppTracing);

        int macros = profile.Count(CConstruct.FunctionLikeMacro), conditionals = profile.Count(CConstruct.ConditionalDirective);
        yield return Dense(
            profile, F.MacrosAndPreprocessor, "Macros and preprocessor", PerThousand(macros + conditionals), "No function-like macros or conditional directives.",
            Invariant($"{Plural(macros, "function-like macro", "function-like macros")} and {Plural(conditionals, "conditional directive", "conditional directives")}"),
            "each macro becomes a function or macro_rules!, each #if a cfg attribute or a Cargo feature.",
            CConstruct.FunctionLikeMacro, CConstruct.ConditionalDirective);

        int arithmetic = profile.Count(CConstruct.PointerArithmetic), casts = profile.Count(CConstruct.PointerCast);
        yield return Dense(
            profile, F.PointerArithmeticAndCasts, "Pointer arithmetic and casts", PerThousand(arithmetic + casts), "No pointer arithmetic or pointer casts.",
            Invariant($"{Plural(arithmetic, "pointer arithmetic expression", "pointer arithmetic expressions")} and {Plural(casts, "pointer cast", "pointer casts")}"),
            "each needs unsafe code or a rewrite with slices and typed wrappers.",
            CConstruct.PointerArithmetic, CConstruct.PointerCast);

        var callbacks = profile.Count(CConstruct.CallbackRole);
        yield return Counted(
            profile, F.CallbackSurface, "Callback surface", callbacks, ("callback role", "callback roles"),
            callbacks == 0 ? "No WDF callbacks or dispatch routines." : Invariant($"{Plural(callbacks, "callback role", "callback roles")} (EVT_WDF_* callbacks and MajorFunction dispatch routines): each needs an extern \"C\" entry point and a safe wrapper around its arguments."),
            CConstruct.CallbackRole);

        int spinLocks = profile.Count(CConstruct.SpinLock), dpcs = profile.Count(CConstruct.Dpc), irql = profile.Count(CConstruct.IrqlAnnotation);
        yield return Dense(
            profile, F.IrqlAndLocking, "IRQL, spinlocks and DPCs", PerThousand(spinLocks + dpcs + irql), "No spinlocks, DPCs or IRQL annotations.",
            Invariant($"{Plural(spinLocks, "spinlock use", "spinlock uses")}, {Plural(dpcs, "DPC use", "DPC uses")} and {Plural(irql, "IRQL annotation", "IRQL annotations")}"),
            "Rust types do not enforce IRQL rules, so each needs a careful review.",
            CConstruct.SpinLock, CConstruct.Dpc, CConstruct.IrqlAnnotation);

        var gotos = profile.Count(CConstruct.Goto);
        yield return Dense(
            profile, F.Goto, "goto", PerThousand(gotos), "No goto statements.", Plural(gotos, "goto statement", "goto statements"),
            "each becomes structured control flow or a cleanup guard (Drop) in Rust.",
            CConstruct.Goto);

        int unions = profile.Count(CConstruct.Union), bitfields = profile.Count(CConstruct.Bitfield);
        yield return Dense(
            profile, F.UnionsAndBitfields, "Unions and bitfields", PerThousand(unions + bitfields), "No unions or bitfields.",
            Invariant($"{Plural(unions, "union", "unions")} and {Plural(bitfields, "bitfield", "bitfields")}"),
            "Rust needs unsafe unions and hand-written bit masks for these.",
            CConstruct.Union, CConstruct.Bitfield);

        var globals = profile.Count(CConstruct.MutableGlobal);
        yield return Counted(
            profile, F.MutableGlobals, "Mutable globals", globals, ("global", "globals"),
            globals == 0 ? "No mutable globals."
                : Invariant($"{Plural(globals, "mutable global", "mutable globals")}: Rust allows them only behind a lock or unsafe access; each needs a home in the device context or a synchronised wrapper."),
            CConstruct.MutableGlobal);

        var assembly = profile.Count(CConstruct.InlineAssembly);
        yield return Counted(
            profile, F.InlineAssembly, "Inline assembly", assembly, ("block", "blocks"),
            assembly == 0 ? "No inline assembly."
                : Invariant($"{Plural(assembly, "inline assembly block", "inline assembly blocks")}: Rust's asm! can express them; a small rewrite."),
            CConstruct.InlineAssembly);
    }

    private static Measured MeasureCpp(CDriverProfile profile)
    {
        var share = profile.TotalCodeLines == 0 ? 0 : profile.CppCodeLines * 100.0 / profile.TotalCodeLines;
        CConstruct[] constructs = [CConstruct.CppClass, CConstruct.CppTemplate, CConstruct.CppNewDelete, CConstruct.CppNamespace];
        var (evidence, count) = Evidence(profile, constructs);
        var explanation = share == 0 && count == 0
            ? "No C++: the driver is plain C."
            : Invariant($"{share:0.0} % of code lines are C++ ({Plural(profile.Count(CConstruct.CppClass), "class", "classes")}, {Plural(profile.Count(CConstruct.CppTemplate), "template", "templates")}, {profile.Count(CConstruct.CppNewDelete):N0} new/delete, {Plural(profile.Count(CConstruct.CppNamespace), "namespace", "namespaces")}): windows-drivers-rs binds the C API only, so C++ designs must be restated in Rust.");
        return new Measured(F.CppUsage, "C++ usage", share, "% of code lines", Invariant($"{share:0.0} % of code lines"), explanation, evidence, count);
    }

    private static Measured MeasureComplexity(CDriverProfile profile, int threshold)
    {
        var functions = profile.Functions;
        var complex = functions.Where(function => function.Complexity > threshold).OrderByDescending(function => function.Complexity).ToList();
        var share = functions.Count == 0 ? 0 : complex.Count * 100.0 / functions.Count;
        var most = functions.MaxBy(function => function.Complexity);
        var explanation = most is null ? "No functions were measured."
            : complex.Count == 0 ? Invariant($"No function has a cyclomatic complexity above {threshold} (highest: {most.Complexity}, {most.Name}).")
            : Invariant($"{complex.Count} of {Plural(functions.Count, "function", "functions")} ({share:0} %) have a cyclomatic complexity above {threshold}; the most complex, {most.Name}, reaches {most.Complexity}. Complex functions are harder to translate and to test.");
        return new Measured(
            F.Complexity, "Complexity", share, "% of functions", Invariant($"{share:0.0} % of functions above complexity {threshold}"),
            explanation, Cap(complex.Select(function => function.Location)), complex.Count);
    }

    private static Measured Counted(CDriverProfile profile, string id, string title, int count, (string Singular, string Plural) unit, string explanation, params CConstruct[] constructs)
    {
        var (evidence, evidenceCount) = Evidence(profile, constructs);
        return new Measured(id, title, count, unit.Plural, Plural(count, unit.Singular, unit.Plural), explanation, evidence, evidenceCount);
    }

    private static Measured Dense(CDriverProfile profile, string id, string title, double perThousand, string none, string counts, string why, params CConstruct[] constructs)
    {
        var (evidence, evidenceCount) = Evidence(profile, constructs);
        var measurement = Invariant($"{perThousand:0.0} per 1,000 code lines");
        var explanation = evidenceCount == 0 ? none : $"{counts} ({measurement}): {why}";
        return new Measured(id, title, perThousand, "per 1,000 code lines", measurement, explanation, evidence, evidenceCount);
    }

    private static (IReadOnlyList<SourceLocation> Locations, int Count) Evidence(CDriverProfile profile, IEnumerable<CConstruct> constructs)
    {
        var found = constructs.Select(construct => profile.Constructs.GetValueOrDefault(construct)).OfType<ConstructEvidence>().ToList();
        return (Cap(found.SelectMany(evidence => evidence.Locations)), found.Sum(evidence => evidence.Count));
    }

    private static SourceLocation[] Cap(IEnumerable<SourceLocation> locations) => [.. locations.Take(MaxEvidencePerFactor)];

    private static string Plural(int count, string singular, string plural) =>
        Invariant($"{count:N0} {(count == 1 ? singular : plural)}");

    private static SupportMeasurement MeasureSupport(CDriverProfile profile, FrameworkSupportPolicy rules)
    {
        var isUmdf1 = profile.Model == DriverModel.Umdf && profile.UmdfVersionMajor == 1;
        var modelKey = isUmdf1 ? ReadinessPolicy.Umdf1 : profile.Model.ToString();
        var modelName = isUmdf1 ? "UMDF 1" : ModelName(profile.Model, profile.UmdfVersionMajor);
        var modelRule = rules.Models.GetValueOrDefault(modelKey) ?? new SupportRule(0);
        var frameworkRule = rules.Frameworks.GetValueOrDefault(profile.Framework.ToString()) ?? new SupportRule(0);
        var frameworkName = FrameworkName(profile.Framework);

        var reasons = new List<string>();
        var sentences = new List<string>();
        if (modelRule.Blocks)
        {
            reasons.Add(isUmdf1
                ? "UMDF 1 drivers are not supported by windows-drivers-rs, which supports UMDF 2 only; the driver must move to UMDF 2 first."
                : $"{modelName} drivers are not supported by windows-drivers-rs under this scoring policy.");
        }
        else if (modelRule.Penalty > 0)
        {
            sentences.Add(profile.Model switch
            {
                DriverModel.Miniport => "Miniport drivers follow a port/miniport model that windows-drivers-rs does not wrap; expect hand-written bindings.",
                DriverModel.ExportDriver => "Export drivers (kernel-mode DLLs) have no windows-drivers-rs template; expect extra build and linking work.",
                DriverModel.Unknown => "The driver model is unknown, so support by windows-drivers-rs could not be confirmed.",
                _ => $"{modelName} drivers are only partly supported by windows-drivers-rs.",
            });
        }

        if (frameworkRule.Blocks)
        {
            reasons.Add($"{frameworkName} drivers are not yet supported by windows-drivers-rs.");
        }
        else if (frameworkRule.Penalty > 0)
        {
            sentences.Add($"windows-drivers-rs covers a subset of the {frameworkName} API; missing calls must be bound by hand.");
        }

        if (reasons.Count == 0 && sentences.Count == 0)
        {
            sentences.Add($"{modelName} drivers are supported by windows-drivers-rs.");
        }

        var description = profile.Framework == DriverFramework.None ? modelName : $"{modelName} with {frameworkName}";
        return new SupportMeasurement(Math.Max(modelRule.Penalty, frameworkRule.Penalty), description, string.Join(" ", reasons.Concat(sentences)), reasons);
    }

    private static string ModelName(DriverModel model, int? umdfVersionMajor) => model switch
    {
        DriverModel.Kmdf => "KMDF",
        DriverModel.Umdf => umdfVersionMajor is { } major ? Invariant($"UMDF {major}") : "UMDF",
        DriverModel.Wdm => "WDM",
        DriverModel.Miniport => "Miniport",
        DriverModel.ExportDriver => "Export",
        _ => "Unknown-model",
    };

    private static string FrameworkName(DriverFramework framework) => framework switch
    {
        DriverFramework.Ndis => "NDIS",
        DriverFramework.FileSystemMinifilter => "File-system minifilter",
        DriverFramework.Wfp => "WFP (Windows Filtering Platform)",
        DriverFramework.AvStream => "AVStream",
        DriverFramework.Storport => "Storport miniport",
        DriverFramework.PortCls => "PortCls audio",
        DriverFramework.NetAdapterCx => "NetAdapterCx",
        DriverFramework.Acx => "ACX audio",
        DriverFramework.Wsk => "WSK (Winsock Kernel)",
        DriverFramework.Hid => "HID",
        DriverFramework.Usb => "USB",
        DriverFramework.Spb => "SPB",
        DriverFramework.Gpio => "GPIO",
        _ => "plain",
    };

    private sealed record Measured(
        string Id, string Title, double Value, string Unit, string Measurement, string Explanation,
        IReadOnlyList<SourceLocation> Evidence, int EvidenceCount);

    private sealed record SupportMeasurement(double Penalty, string Description, string Explanation, IReadOnlyList<string> BlockingReasons);
}
