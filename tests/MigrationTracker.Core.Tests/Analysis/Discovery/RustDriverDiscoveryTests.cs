using MigrationTracker.Core.Analysis.Discovery;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Tests.Analysis.Discovery;

public sealed class RustDriverDiscoveryTests
{
    private const string KmdfCrate = """
        [package]
        name = "sample-kmdf-driver"
        version = "0.1.0"

        [package.metadata.wdk.driver-model]
        driver-type = "KMDF"
        kmdf-version-major = 1
        target-kmdf-version-minor = 33

        [lib]
        crate-type = ["cdylib"]
        """;

    [Fact]
    public void A_crate_with_a_WDK_driver_model_is_a_Rust_driver()
    {
        var result = new SourceTreeFixture()
            .Add("examples/kmdf/Cargo.toml", KmdfCrate)
            .Add("examples/kmdf/src/lib.rs")
            .Add("examples/kmdf/build.rs")
            .Add("examples/kmdf/sample_kmdf_driver.inx", "[Manufacturer]\n%M%=Std,NTamd64\n[Std.NTamd64]\n%D%=Inst, root\\SAMPLE_KMDF_HW_ID\n")
            .Discover();

        result.Problems.ShouldBeEmpty();
        var driver = result.Drivers.ShouldHaveSingleItem();
        driver.Name.ShouldBe("sample-kmdf-driver");
        driver.ProjectPath.ShouldBe("examples/kmdf/Cargo.toml");
        driver.Language.ShouldBe(DriverLanguage.Rust);
        driver.Model.ShouldBe(DriverModel.Kmdf);
        driver.Versions.ShouldBe(new DriverVersions("1", "33", null, null));
        driver.CrateTypes.ShouldBe(["cdylib"]);
        driver.Files.ShouldBe([new DriverFile("examples/kmdf/build.rs", false), new DriverFile("examples/kmdf/src/lib.rs", false)]);
        driver.Infs.ShouldHaveSingleItem().HardwareIds.ShouldHaveSingleItem().Value.ShouldBe(@"root\SAMPLE_KMDF_HW_ID");
    }

    [Fact]
    public void A_workspace_member_with_empty_WDK_metadata_inherits_the_workspace_driver_model()
    {
        var result = new SourceTreeFixture()
            .Add("Cargo.toml", """
                [workspace]
                members = ["general/echo/kmdf/driver/*", "general/echo/kmdf/exe"]

                [workspace.metadata.wdk.driver-model]
                driver-type = "UMDF"
                umdf-version-major = 2
                target-umdf-version-minor = 33
                """)
            .Add("general/echo/kmdf/driver/DriverSync/Cargo.toml", """
                [package]
                name = "echo-2"
                edition.workspace = true

                [package.metadata.wdk]
                # Using workspace wdk config

                [lib]
                crate-type = ["cdylib"]
                """)
            .Add("general/echo/kmdf/driver/DriverSync/src/lib.rs")
            .Add("general/echo/kmdf/exe/Cargo.toml", "[package]\nname = \"echoapp\"\n")
            .Add("general/echo/kmdf/exe/src/main.rs")
            .Discover();

        var driver = result.Drivers.ShouldHaveSingleItem();
        driver.Name.ShouldBe("echo-2");
        driver.Model.ShouldBe(DriverModel.Umdf);
        driver.Versions.ShouldBe(new DriverVersions(null, null, "2", "33"));
        result.OtherProjects.ShouldBe([new OtherProject("general/echo/kmdf/exe/Cargo.toml", "echoapp", ProjectKind.RustBinary, true)]);
    }

    [Fact]
    public void A_crate_without_WDK_metadata_is_a_helper_crate_not_a_driver()
    {
        var result = new SourceTreeFixture()
            .Add("crates/wdk-sys/Cargo.toml", "[package]\nname = \"wdk-sys\"\n[lib]\ncrate-type = [\"lib\"]\n")
            .Add("crates/wdk-sys/src/lib.rs")
            .Discover();

        result.Drivers.ShouldBeEmpty();
        result.OtherProjects.ShouldBe([new OtherProject("crates/wdk-sys/Cargo.toml", "wdk-sys", ProjectKind.RustLibrary, false)]);
    }

    [Fact]
    public void A_driver_crate_without_any_driver_model_is_reported()
    {
        var result = new SourceTreeFixture()
            .Add("drv/Cargo.toml", "[package]\nname = \"lonely\"\n[package.metadata.wdk]\n")
            .Discover();

        result.Drivers.ShouldHaveSingleItem().Model.ShouldBe(DriverModel.Unknown);
        result.Problems.ShouldHaveSingleItem().Path.ShouldBe("drv/Cargo.toml");
    }

    [Fact]
    public void Malformed_TOML_is_reported_and_other_crates_are_still_discovered()
    {
        var result = new SourceTreeFixture()
            .Add("bad/Cargo.toml", "[package\nname = \"broken\"")
            .Add("good/Cargo.toml", KmdfCrate)
            .Discover();

        result.Drivers.ShouldHaveSingleItem().ProjectPath.ShouldBe("good/Cargo.toml");
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("bad/Cargo.toml");
        problem.Message.ShouldStartWith("Malformed Cargo.toml");
    }

    [Fact]
    public void A_Rust_driver_owns_its_crate_files_but_not_nested_crates_or_build_output()
    {
        var driver = new SourceTreeFixture()
            .Add("drv/Cargo.toml", KmdfCrate)
            .Add("drv/src/lib.rs")
            .Add("drv/src/queue/mod.rs")
            .Add("drv/tests/integration.rs")
            .Add("drv/benches/speed.rs")
            .Add("drv/examples/use.rs")
            .Add("drv/target/debug/build/out.rs")
            .Add("drv/helper/Cargo.toml", "[package]\nname = \"helper\"\n")
            .Add("drv/helper/src/lib.rs")
            .Discover()
            .Drivers.ShouldHaveSingleItem();

        driver.Files.ShouldBe([
            new DriverFile("drv/benches/speed.rs", true),
            new DriverFile("drv/examples/use.rs", true),
            new DriverFile("drv/src/lib.rs", false),
            new DriverFile("drv/src/queue/mod.rs", false),
            new DriverFile("drv/tests/integration.rs", true),
        ]);
    }
}
