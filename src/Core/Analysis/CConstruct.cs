namespace MigrationTracker.Core.Analysis;

/// <summary>Constructs counted in C/C++ driver code, each with the lines where it occurs.</summary>
public enum CConstruct
{
    /// <summary><c>__try/__except/__finally/__leave</c> and the bare <c>try {</c>/<c>except(</c>/<c>finally {</c>/<c>leave;</c> spelling.</summary>
    StructuredExceptionHandling,
    InlineAssembly,
    Goto,
    Union,
    Bitfield,
    FunctionLikeMacro,

    /// <summary><c>#if</c>, <c>#ifdef</c>, <c>#ifndef</c>, <c>#elif</c>.</summary>
    ConditionalDirective,
    Varargs,
    CppClass,
    CppTemplate,
    CppNewDelete,
    CppNamespace,

    /// <summary><c>.tmh</c> includes, <c>WPP_INIT_TRACING</c>, <c>WPP_CLEANUP</c>, <c>TraceEvents</c> and the like.</summary>
    WppTracing,

    /// <summary><c>#pragma alloc_text</c>, <c>#pragma code_seg</c>, <c>PAGED_CODE()</c>.</summary>
    Paging,
    MutableGlobal,

    /// <summary>WDF callbacks (<c>EVT_WDF_*</c> role types) and WDM dispatch routines (<c>MajorFunction[...] =</c>).</summary>
    CallbackRole,
    PointerArithmetic,
    PointerCast,
    SpinLock,
    Dpc,

    /// <summary><c>_IRQL_requires_*</c>, <c>_IRQL_raises_</c> and related SAL annotations.</summary>
    IrqlAnnotation,
    ContainingRecord,
    ListEntry,
}
