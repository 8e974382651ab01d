using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Core.Analysis.Unsafe;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Scoring;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Scanning;

namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>The scan of a folder holding a C driver and its Rust port, checked against hand counts.</summary>
public sealed class EchoTreeScanTests : IDisposable
{
    private readonly TemporaryDirectory _tree = new("mt-scan-echo");
    private readonly ScanReport _report;

    public EchoTreeScanTests()
    {
        EchoFixture.Write(_tree.Path);
        _report = ScanCommand.Scan(_tree.Path, null, new ScanOptions());
    }

    public void Dispose() => _tree.Dispose();

    private DriverEntry CDriver => _report.Drivers.Single(d => d.Path == EchoFixture.CProject);

    private DriverEntry RustDriver => _report.Drivers.Single(d => d.Path == EchoFixture.CargoToml);

    [Fact]
    public void Language_totals_add_up_the_hand_counted_files()
    {
        _report.Languages.ShouldBe(
        [
            new LanguageTotals("C", 2, 13, 7, 56),
            new LanguageTotals("Rust", 2, 6, 4, 38),
            new LanguageTotals("C/C++ Header", 1, 5, 0, 18),
        ]);
    }

    [Fact]
    public void Every_source_file_has_its_hand_counted_lines()
    {
        _report.Files.ShouldBe(
        [
            new FileEntry(EchoFixture.DeviceH, "C/C++ Header", 5, 0, 18, null),
            new FileEntry(EchoFixture.DriverC, "C", 10, 5, 38, null),
            new FileEntry(EchoFixture.QueueC, "C", 3, 2, 18, null),
            new FileEntry(EchoFixture.LibRs, "Rust", 6, 4, 34, 19),
            new FileEntry(EchoFixture.SmokeRs, "Rust", 0, 0, 4, 0),
        ]);
        _report.Skipped.ShouldBeEmpty();
        _report.Problems.ShouldBeEmpty();
    }

    [Fact]
    public void The_C_driver_is_a_KMDF_driver_with_its_own_code_lines()
    {
        _report.Drivers.Count.ShouldBe(2);
        var driver = CDriver;
        driver.Name.ShouldBe("echo");
        driver.Language.ShouldBe(DriverLanguage.C);
        driver.Model.ShouldBe(DriverModel.Kmdf);
        driver.Framework.ShouldBe(DriverFramework.None);
        driver.Code.ShouldBe(new DriverCode(Files: 3, CCode: 56, CppCode: 0, HeaderCode: 18, RustCode: 0, TestFiles: 0, TestCode: 0, Blank: 5 + 10 + 3, Comment: 0 + 5 + 2));
        driver.HardwareIds.ShouldBe([EchoFixture.HardwareId]);
        driver.Unsafe.ShouldBeNull();
    }

    [Fact]
    public void The_Rust_driver_is_a_KMDF_crate_with_its_product_code_apart_from_its_tests()
    {
        var driver = RustDriver;
        driver.Name.ShouldBe(EchoFixture.RustCrate);
        driver.Language.ShouldBe(DriverLanguage.Rust);
        driver.Model.ShouldBe(DriverModel.Kmdf);
        driver.HardwareIds.ShouldBe([EchoFixture.HardwareId]);
        driver.Readiness.ShouldBeNull();
        driver.Code.Files.ShouldBe(1);
        driver.Code.TestFiles.ShouldBe(1);
        driver.Code.RustCode.ShouldBe(24, "lines 1-33 of lib.rs; #[cfg(test)] on 34 starts the test module");
        driver.Code.TestCode.ShouldBe(14, "the #[cfg(test)] module on lines 34-44 of lib.rs (10) and tests/smoke.rs (4)");
    }

    [Fact]
    public void The_unsafe_share_is_the_hand_counted_share_of_product_code()
    {
        var summary = RustDriver.Unsafe.ShouldNotBeNull();
        summary.UnsafeLines.ShouldBe(18, "unsafe extern fn on 9-15 (7), unsafe fn on 17-25 (8), block on 28-30 (3)");
        summary.TestUnsafeLines.ShouldBe(1, "the unsafe block on line 41, inside the test module");
        summary.Counts[UnsafeKind.Function].ShouldBe(2);
        summary.Counts[UnsafeKind.Implementation].ShouldBe(0);
        summary.Counts[UnsafeKind.ExternBlock].ShouldBe(0);

        // The #[cfg(test)] line belongs to the test module: leaving the module out leaves it out too.
        summary.CodeLines.ShouldBe(24, "lines 1-33 of lib.rs; #[cfg(test)] on 34 starts the test module");
        summary.TestCodeLines.ShouldBe(14, "lib.rs 34-44 (10) and tests/smoke.rs (4)");
        summary.Share.ShouldNotBeNull().ShouldBe(18.0 / 24, 1e-9);
    }

    [Fact]
    public void Unsafe_hotspots_are_the_product_regions_biggest_first()
    {
        var hotspots = RustDriver.Unsafe.ShouldNotBeNull().Hotspots;
        hotspots.Select(h => (h.Kind, h.Range.FirstLine, h.Range.LastLine, h.CodeLines)).ShouldBe(
        [
            (UnsafeKind.Function, 17, 25, 8),
            (UnsafeKind.Function, 9, 15, 7),
            (UnsafeKind.Block, 28, 30, 3),
            (UnsafeKind.Block, 13, 13, 1),
        ]);
        hotspots.ShouldAllBe(h => h.Range.Path == EchoFixture.LibRs && !h.InTestCode);
    }

    [Fact]
    public void Readiness_points_at_the_exception_handling_and_the_gotos()
    {
        var readiness = CDriver.Readiness.ShouldNotBeNull();
        readiness.Score.ShouldBeInRange(0, 100);

        var seh = readiness.Factors.Single(f => f.Id == ReadinessFactors.StructuredExceptionHandling);
        seh.Evidence.ShouldBe([new SourceLocation(EchoFixture.QueueC, 14), new SourceLocation(EchoFixture.QueueC, 16)]);
        seh.EvidenceCount.ShouldBe(2);
        seh.Contribution.ShouldBeGreaterThan(0);

        var gotos = readiness.Factors.Single(f => f.Id == ReadinessFactors.Goto);
        gotos.Evidence.ShouldBe([new SourceLocation(EchoFixture.DriverC, 26), new SourceLocation(EchoFixture.DriverC, 47)]);
        gotos.EvidenceCount.ShouldBe(2);
    }

    [Fact]
    public void Readiness_sees_the_union_the_bitfield_and_WPP()
    {
        var readiness = CDriver.Readiness.ShouldNotBeNull();
        var unions = readiness.Factors.Single(f => f.Id == ReadinessFactors.UnionsAndBitfields);
        unions.Evidence.ShouldBe([new SourceLocation(EchoFixture.DeviceH, 6), new SourceLocation(EchoFixture.DeviceH, 8)], ignoreOrder: true);

        var wpp = readiness.Factors.Single(f => f.Id == ReadinessFactors.WppTracing);
        wpp.Evidence.ShouldBe(
        [
            new SourceLocation(EchoFixture.DriverC, 8),
            new SourceLocation(EchoFixture.DriverC, 22),
            new SourceLocation(EchoFixture.DriverC, 32),
            new SourceLocation(EchoFixture.QueueC, 21),
        ], ignoreOrder: true);
    }

    [Fact]
    public void The_C_driver_is_paired_with_its_Rust_port_by_hardware_id()
    {
        var c = CDriver;
        c.SuggestedCounterpart.ShouldBe(EchoFixture.CargoToml);
        c.PairingReason.ShouldNotBeNull().ShouldContain(EchoFixture.HardwareId);
        c.PairingReason.ShouldStartWith("HardwareId");
        c.PairingConfidence.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0.9);

        RustDriver.SuggestedCounterpart.ShouldBe(EchoFixture.CProject);
        RustDriver.PairingReason.ShouldBe(c.PairingReason);
    }
}
