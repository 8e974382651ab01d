using MigrationTracker.Workers.Tests.Scanning;

namespace MigrationTracker.Workers.Tests.Sync;

/// <summary>
/// The echo driver of <see cref="EchoFixture"/> as commits of a history: the C driver (with or
/// without structured exception handling), its Rust port, and a second C driver (toaster) that a
/// later commit deletes. Code-line counts are the hand counts of <see cref="EchoFixture"/>.
/// </summary>
internal static class DriverFiles
{
    public const string ToasterProject = "toaster/toaster.vcxproj";
    public const string RenamedQueueC = "echo/kmdf/driver/echoqueue.c";

    /// <summary>driver.c 38 + queue.c 18 (EchoFixture's counts).</summary>
    public const int EchoCCode = 56;

    /// <summary>device.h.</summary>
    public const int EchoHeaderCode = 18;

    /// <summary>Lines 1-33 of lib.rs.</summary>
    public const int RustCode = 24;

    /// <summary>The test module of lib.rs (10) and tests/smoke.rs (4).</summary>
    public const int RustTestCode = 14;

    private const string SehBlock = """
            __try {
                RtlCopyMemory(context->Buffer, context->Pending, Length);
            } __except (EXCEPTION_EXECUTE_HANDLER) {
                status = GetExceptionCode();
            }

        """;

    /// <summary>queue.c without its __try/__except: the five lines of the block become one (18 - 4 = 14 code lines).</summary>
    public static readonly string QueueWithoutSeh = EchoFixture.Queue.ReplaceLineEndings("\n").Replace(
        SehBlock.ReplaceLineEndings("\n"), "    RtlCopyMemory(context->Buffer, context->Pending, Length);\n", StringComparison.Ordinal);

    /// <summary>driver.c with one more goto (39 code lines).</summary>
    public static readonly string DriverWithExtraGoto = EchoFixture.Driver.ReplaceLineEndings("\n").Replace(
        "    EchoDeviceCount++;\n", "    EchoDeviceCount++;\n    goto Exit;\n", StringComparison.Ordinal);

    /// <summary>The C echo driver; <paramref name="seh"/> chooses EchoFixture's queue.c (with __try) or one without.</summary>
    public static TestGitRepository WithEchoC(this TestGitRepository repository, bool seh = true) => repository
        .Write(EchoFixture.CProject, EchoFixture.Vcxproj)
        .Write(EchoFixture.CInf, EchoFixture.Inx)
        .Write(EchoFixture.DriverC, EchoFixture.Driver)
        .Write(EchoFixture.QueueC, seh ? EchoFixture.Queue : QueueWithoutSeh)
        .Write(EchoFixture.DeviceH, EchoFixture.Device);

    /// <summary>The Rust port of echo (same hardware ID as the C driver).</summary>
    public static TestGitRepository WithEchoRust(this TestGitRepository repository) => repository
        .Write(EchoFixture.CargoToml, EchoFixture.Cargo)
        .Write(EchoFixture.LibRs, EchoFixture.Lib)
        .Write(EchoFixture.SmokeRs, EchoFixture.Smoke)
        .Write(EchoFixture.RustInf, EchoFixture.Inx.Replace("KmdfSamples.cat", "echo_rs.cat", StringComparison.Ordinal));

    /// <summary>A second KMDF driver, toaster, with its own hardware ID (Root\TOASTER) and one source file.</summary>
    public static TestGitRepository WithToaster(this TestGitRepository repository) => repository
        .Write(ToasterProject, EchoFixture.Vcxproj
            .Replace("""<ClCompile Include="queue.c" />""", string.Empty, StringComparison.Ordinal)
            .Replace("echo.inx", "toaster.inx", StringComparison.Ordinal))
        .Write("toaster/toaster.inx", EchoFixture.Inx.Replace("ECHO", "TOASTER", StringComparison.Ordinal).Replace("Echo", "Toaster", StringComparison.Ordinal).Replace("echo", "toaster", StringComparison.Ordinal))
        .Write("toaster/driver.c", EchoFixture.Driver)
        .Write("toaster/device.h", EchoFixture.Device);

    /// <summary>Renames queue.c to echoqueue.c and updates the project file: the same driver, the same code.</summary>
    public static TestGitRepository RenameEchoQueue(this TestGitRepository repository) => repository
        .Move(EchoFixture.QueueC, RenamedQueueC)
        .Write(EchoFixture.CProject, EchoFixture.Vcxproj.Replace("""<ClCompile Include="queue.c" />""", """<ClCompile Include="echoqueue.c" />""", StringComparison.Ordinal));

    /// <summary>A driver.c that differs from EchoFixture's by <paramref name="extraLines"/> more code lines at the end.</summary>
    public static string DriverWithCounters(int extraLines) =>
        EchoFixture.Driver.ReplaceLineEndings("\n") + string.Concat(Enumerable.Range(1, extraLines).Select(i => $"ULONG EchoCounter{i} = {i};\n"));
}
