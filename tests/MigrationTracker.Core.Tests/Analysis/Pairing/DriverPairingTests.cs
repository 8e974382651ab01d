using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Discovery;
using MigrationTracker.Core.Analysis.Pairing;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Tests.Analysis.Pairing;

public sealed class DriverPairingTests
{
    private static DiscoveredDriver Driver(
        string name, DriverLanguage language, string projectPath, string[]? hardwareIds = null, string[]? services = null) => new()
        {
            Name = name,
            ProjectPath = projectPath,
            Language = language,
            Model = DriverModel.Kmdf,
            Infs = hardwareIds is null && services is null ? [] :
            [
                new InfFacts
                {
                    Path = projectPath + ".inx",
                    HardwareIds = [.. (hardwareIds ?? []).Select(id => new InfValue(id, new SourceLocation(projectPath + ".inx", 10)))],
                    ServiceNames = [.. (services ?? []).Select(s => new InfValue(s, new SourceLocation(projectPath + ".inx", 20)))],
                },
            ],
        };

    [Fact]
    public void A_C_driver_and_a_Rust_driver_sharing_a_hardware_ID_are_paired_on_it()
    {
        var c = Driver("echo_2", DriverLanguage.C, "c/echo/DriverSync/echo_2.vcxproj", [@"root\ECHO_2"]);
        var rust = Driver("kmdf-echo", DriverLanguage.Rust, "rust/echo/Cargo.toml", [@"Root\echo_2"]);

        var suggestion = DriverPairing.Suggest([c, rust]).ShouldHaveSingleItem();

        suggestion.C.ShouldBe(c);
        suggestion.Rust.ShouldBe(rust);
        suggestion.Reason.ShouldBe(PairingReason.HardwareId);
        suggestion.Matched.ShouldBe(@"root\ECHO_2");
        suggestion.AllReasons.ShouldBe([PairingReason.HardwareId]);
    }

    [Fact]
    public void Drivers_with_the_same_name_apart_from_Rust_markers_are_paired_by_name()
    {
        var c = Driver("Echo_2", DriverLanguage.C, "c/echo.vcxproj");
        var rust = Driver("echo-2-rs", DriverLanguage.Rust, "rust/Cargo.toml");

        var suggestion = DriverPairing.Suggest([rust, c]).ShouldHaveSingleItem();

        suggestion.Reason.ShouldBe(PairingReason.DriverName);
        suggestion.Matched.ShouldBe("Echo_2 ~ echo-2-rs");
    }

    [Fact]
    public void A_hardware_ID_match_is_more_certain_than_a_service_name_a_name_or_a_path()
    {
        var byHardware = DriverPairing.Suggest([Driver("a", DriverLanguage.C, "x/a.vcxproj", ["PCI\\VEN_1"]), Driver("b", DriverLanguage.Rust, "y/Cargo.toml", ["pci\\ven_1"])]).Single();
        var byService = DriverPairing.Suggest([Driver("a", DriverLanguage.C, "x/a.vcxproj", services: ["Svc"]), Driver("b", DriverLanguage.Rust, "y/Cargo.toml", services: ["svc"])]).Single();
        var byName = DriverPairing.Suggest([Driver("a", DriverLanguage.C, "x/a.vcxproj"), Driver("a_rs", DriverLanguage.Rust, "y/Cargo.toml")]).Single();
        var byPath = DriverPairing.Suggest([Driver("a", DriverLanguage.C, "x/a.vcxproj"), Driver("b", DriverLanguage.Rust, "x/Cargo.toml")]).Single();

        byService.Reason.ShouldBe(PairingReason.ServiceName);
        byPath.Reason.ShouldBe(PairingReason.RelativePath);
        byHardware.Confidence.ShouldBeGreaterThan(byService.Confidence);
        byService.Confidence.ShouldBeGreaterThan(byName.Confidence);
        byName.Confidence.ShouldBeGreaterThan(byPath.Confidence);
    }

    [Fact]
    public void Each_driver_is_in_at_most_one_pair_and_the_best_match_wins()
    {
        var autoSync = Driver("echo", DriverLanguage.C, "c/AutoSync/echo.vcxproj", [@"root\ECHO"]);
        var driverSync = Driver("echo_2", DriverLanguage.C, "c/DriverSync/echo_2.vcxproj", [@"root\ECHO_2"]);
        var rustEcho = Driver("echo", DriverLanguage.Rust, "rust/echo/Cargo.toml", [@"root\ECHO_2"]);

        var suggestion = DriverPairing.Suggest([autoSync, driverSync, rustEcho]).ShouldHaveSingleItem();

        suggestion.C.ShouldBe(driverSync);
        suggestion.Reason.ShouldBe(PairingReason.HardwareId);
    }

    [Fact]
    public void The_UMDF_reflector_service_does_not_pair_unrelated_UMDF_drivers()
    {
        var c = Driver("fx2", DriverLanguage.C, "c/fx2.vcxproj", services: ["WUDFRd"]);
        var rust = Driver("toaster", DriverLanguage.Rust, "rust/Cargo.toml", services: ["WudfRd"]);

        DriverPairing.Suggest([c, rust]).ShouldBeEmpty();
    }

    [Fact]
    public void Drivers_of_the_same_language_are_never_paired()
    {
        DriverPairing.Suggest([
            Driver("echo", DriverLanguage.C, "a/echo.vcxproj", [@"root\ECHO"]),
            Driver("echo", DriverLanguage.Cpp, "b/echo.vcxproj", [@"root\ECHO"]),
        ]).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("echo_2", "ECHO2")]
    [InlineData("echo-2-rs", "ECHO2")]
    [InlineData("rust-echo", "ECHO")]
    [InlineData("echo.sys", "ECHO")]
    [InlineData("Echo_Rust", "ECHO")]
    [InlineData("rs", "")]
    public void Names_are_compared_without_case_separators_or_Rust_markers(string name, string normalized)
    {
        DriverPairing.NormalizeName(name).ShouldBe(normalized);
    }
}
