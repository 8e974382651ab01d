namespace MigrationTracker.Core.Scoring;

/// <summary>Stable machine names of the readiness factors: keys in the policy document and ids in a result.</summary>
public static class ReadinessFactors
{
    public const string FrameworkSupport = "frameworkSupport";
    public const string Size = "size";
    public const string CppUsage = "cppUsage";
    public const string StructuredExceptionHandling = "structuredExceptionHandling";
    public const string WppTracing = "wppTracing";
    public const string UnionsAndBitfields = "unionsAndBitfields";
    public const string Goto = "goto";
    public const string MacrosAndPreprocessor = "macrosAndPreprocessor";
    public const string PointerArithmeticAndCasts = "pointerArithmeticAndCasts";
    public const string MutableGlobals = "mutableGlobals";
    public const string Complexity = "complexity";
    public const string CallbackSurface = "callbackSurface";
    public const string InlineAssembly = "inlineAssembly";
    public const string IrqlAndLocking = "irqlAndLocking";

    /// <summary>Every factor, in the order a result lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        FrameworkSupport, StructuredExceptionHandling, Size, CppUsage, Complexity, WppTracing,
        MacrosAndPreprocessor, PointerArithmeticAndCasts, CallbackSurface, IrqlAndLocking, Goto,
        UnionsAndBitfields, MutableGlobals, InlineAssembly,
    ];
}
