using MigrationTracker.Core.Analysis.Discovery;
using MigrationTracker.Core.Domain;
using static MigrationTracker.Core.Tests.Analysis.Discovery.SourceTreeFixture;

namespace MigrationTracker.Core.Tests.Analysis.Discovery;

public sealed class CDriverDiscoveryTests
{
    private static DiscoveryResult DiscoverProject(string project, string path = "drv/drv.vcxproj") =>
        new SourceTreeFixture().Add(path, project).Add("drv/driver.c", "#include <ntddk.h>\n").Discover();

    [Theory]
    [InlineData("Driver", "KMDF", "WindowsKernelModeDriver10.0", DriverModel.Kmdf)]
    [InlineData("Driver", "WDM", "WindowsKernelModeDriver10.0", DriverModel.Wdm)]
    [InlineData("Driver", "Miniport", "WindowsKernelModeDriver10.0", DriverModel.Miniport)]
    [InlineData("Driver", "ExportDriver", "WindowsKernelModeDriver10.0", DriverModel.ExportDriver)]
    [InlineData("DynamicLibrary", "UMDF", "WindowsUserModeDriver10.0", DriverModel.Umdf)]
    [InlineData("DynamicLibrary", null, "WindowsUserModeDriver10.0", DriverModel.Umdf)]
    [InlineData("Driver", null, "WindowsKernelModeDriver10.0", DriverModel.Wdm)]
    public void A_driver_project_gets_its_model_from_configuration_and_driver_type(
        string configurationType, string? driverType, string toolset, DriverModel expected)
    {
        var result = DiscoverProject(Vcxproj(configurationType, driverType, toolset));

        result.Problems.ShouldBeEmpty();
        var driver = result.Drivers.ShouldHaveSingleItem();
        driver.Model.ShouldBe(expected);
        driver.Language.ShouldBe(DriverLanguage.C);
        driver.ProjectPath.ShouldBe("drv/drv.vcxproj");
    }

    [Fact]
    public void A_kernel_driver_without_driver_type_but_with_a_KMDF_version_is_KMDF()
    {
        var result = DiscoverProject(Vcxproj("Driver", globals: "<KMDF_VERSION_MAJOR>1</KMDF_VERSION_MAJOR><KMDF_VERSION_MINOR>15</KMDF_VERSION_MINOR>"));

        var driver = result.Drivers.ShouldHaveSingleItem();
        driver.Model.ShouldBe(DriverModel.Kmdf);
        driver.Versions.ShouldBe(new DriverVersions("1", "15", null, null));
    }

    [Fact]
    public void A_UMDF_project_without_driver_type_keeps_its_UMDF_version()
    {
        var result = DiscoverProject(Vcxproj("DynamicLibrary", toolset: "WindowsUserModeDriver10.0", globals: "<UMDF_VERSION_MAJOR>2</UMDF_VERSION_MAJOR><UMDF_VERSION_MINOR>15</UMDF_VERSION_MINOR>"));

        var driver = result.Drivers.ShouldHaveSingleItem();
        driver.Model.ShouldBe(DriverModel.Umdf);
        driver.Versions.UmdfMajor.ShouldBe("2");
        driver.Versions.UmdfMinor.ShouldBe("15");
    }

    [Theory]
    [InlineData("Utility", "Package", "WindowsKernelModeDriver10.0", ProjectKind.Package, false)]
    [InlineData("Application", null, "WindowsApplicationForDrivers10.0", ProjectKind.Application, true)]
    [InlineData("StaticLibrary", "KMDF", "WindowsKernelModeDriver10.0", ProjectKind.StaticLibrary, false)]
    [InlineData("DynamicLibrary", null, "WindowsApplicationForDrivers10.0", ProjectKind.DynamicLibrary, false)]
    public void Packages_applications_and_libraries_are_not_drivers(
        string configurationType, string? driverType, string toolset, ProjectKind kind, bool isTestOrTool)
    {
        var result = DiscoverProject(Vcxproj(configurationType, driverType, toolset), "sample/app/app.vcxproj");

        result.Drivers.ShouldBeEmpty();
        result.OtherProjects.ShouldHaveSingleItem().ShouldBe(new OtherProject("sample/app/app.vcxproj", "app", kind, isTestOrTool));
    }

    [Fact]
    public void Repeated_configuration_elements_give_the_first_non_empty_value()
    {
        var project = Vcxproj("Driver", "KMDF").Replace(
            "<TargetVersion>Windows10</TargetVersion>",
            "<TargetVersion></TargetVersion><TargetName></TargetName>",
            StringComparison.Ordinal);
        project = project.Replace("</Project>", """
              <PropertyGroup Condition="'$(Configuration)|$(Platform)'=='Release|x64'"><TargetVersion>Windows10</TargetVersion><TargetName>echo_2</TargetName></PropertyGroup>
              <PropertyGroup Condition="'$(Configuration)|$(Platform)'=='Debug|x64'"><TargetName>echo_debug</TargetName></PropertyGroup>
            </Project>
            """, StringComparison.Ordinal);

        var driver = DiscoverProject(project).Drivers.ShouldHaveSingleItem();

        driver.Name.ShouldBe("echo_2");
        driver.TargetVersion.ShouldBe("Windows10");
        driver.TargetPlatform.ShouldBe("Universal");
    }

    [Fact]
    public void A_driver_is_named_after_its_project_file_when_the_target_name_is_unset()
    {
        DiscoverProject(Vcxproj("Driver", "WDM"), "x/Echo.VcxProj").Drivers.ShouldHaveSingleItem().Name.ShouldBe("Echo");
    }

    [Fact]
    public void A_driver_owns_its_compiled_items_and_the_headers_of_its_folder()
    {
        var tree = new SourceTreeFixture()
            .Add("s/drv/drv.vcxproj", Vcxproj("Driver", "KMDF", items: """
                <ClCompile Include="Driver.c" />
                <ClCompile Include="..\common\util.c" />
                <ClCompile Include="$(IntDir)\generated_i.c" />
                <ClInclude Include="..\common\util.h" />
                <ClInclude Exclude="@(ClInclude)" Include="*.h;*.hpp" />
                """))
            .Add("s/drv/driver.c")
            .Add("s/drv/driver.h")
            .Add("s/drv/unused.c")
            .Add("s/common/util.c")
            .Add("s/common/util.h")
            .Add("s/common/other.h");

        var driver = tree.Discover().Drivers.ShouldHaveSingleItem();

        driver.Files.Select(f => f.Path).ShouldBe(["s/common/util.c", "s/common/util.h", "s/drv/driver.c", "s/drv/driver.h"]);
        driver.Files.ShouldAllBe(f => !f.IsTest);
    }

    [Fact]
    public void A_project_without_compile_items_owns_the_sources_of_its_folder()
    {
        var tree = new SourceTreeFixture()
            .Add("drv/drv.vcxproj", Vcxproj("Driver", "WDM"))
            .Add("drv/a.c")
            .Add("drv/b.cpp")
            .Add("drv/a.h")
            .Add("drv/sub/c.c");

        var driver = tree.Discover().Drivers.ShouldHaveSingleItem();

        driver.Files.Select(f => f.Path).ShouldBe(["drv/a.c", "drv/a.h", "drv/b.cpp"]);
        driver.Language.ShouldBe(DriverLanguage.Cpp);
    }

    [Fact]
    public void Test_sources_are_tagged_as_test_code()
    {
        var tree = new SourceTreeFixture()
            .Add("tests/drv/drv.vcxproj", Vcxproj("Driver", "KMDF", items: """
                <ClCompile Include="driver.c;queue_test.c;test_queue.c;test\fake.c;tests\mock.cpp" />
                """))
            .Add("tests/drv/driver.c")
            .Add("tests/drv/queue_test.c")
            .Add("tests/drv/test_queue.c")
            .Add("tests/drv/test/fake.c")
            .Add("tests/drv/tests/mock.cpp");

        var driver = tree.Discover().Drivers.ShouldHaveSingleItem();

        driver.Files.Where(f => !f.IsTest).Select(f => f.Path).ShouldBe(["tests/drv/driver.c"]);
        driver.Files.Count(f => f.IsTest).ShouldBe(4);
        driver.Language.ShouldBe(DriverLanguage.Cpp);
    }

    [Fact]
    public void Linked_libraries_keep_only_file_names()
    {
        var result = DiscoverProject(Vcxproj("Driver", "WDM", link: @"%(AdditionalDependencies);$(DDK_LIB_PATH)\ndis.lib;.\..\lib\$(IntDir)\helper.lib;wdmsec.lib"));

        result.Drivers.ShouldHaveSingleItem().LinkedLibraries.ShouldBe(["ndis.lib", "helper.lib", "wdmsec.lib"]);
    }

    [Fact]
    public void WPP_tracing_is_read_from_the_compile_settings()
    {
        var project = Vcxproj("Driver", "KMDF").Replace(
            "<Link>", "<ClCompile><WppEnabled>true</WppEnabled><AdditionalIncludeDirectories>%(AdditionalIncludeDirectories);..\\inc</AdditionalIncludeDirectories></ClCompile><Link>", StringComparison.Ordinal);

        var driver = DiscoverProject(project).Drivers.ShouldHaveSingleItem();

        driver.WppEnabled.ShouldBeTrue();
        driver.IncludeDirectories.ShouldBe(["inc"]);
    }

    [Fact]
    public void Malformed_project_XML_is_reported_and_the_rest_of_the_tree_is_still_discovered()
    {
        var tree = new SourceTreeFixture()
            .Add("bad/bad.vcxproj", "<Project><PropertyGroup>")
            .Add("good/good.vcxproj", Vcxproj("Driver", "KMDF"));

        var result = tree.Discover();

        result.Drivers.ShouldHaveSingleItem().Name.ShouldBe("good");
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Path.ShouldBe("bad/bad.vcxproj");
        problem.Message.ShouldStartWith("Malformed project XML");
    }

    [Fact]
    public void Discovery_reads_project_files_INF_files_and_driver_sources_only()
    {
        var tree = new SourceTreeFixture()
            .Add("drv/drv.vcxproj", Vcxproj("Driver", "KMDF", items: """<ClCompile Include="driver.c" />"""))
            .Add("drv/driver.c")
            .Add("drv/drv.inx", "[Version]\n")
            .Add("drv/README.md")
            .Add("app/app.cpp")
            .Add("app/app.vcxproj", Vcxproj("Application", toolset: "WindowsApplicationForDrivers10.0", items: """<ClCompile Include="app.cpp" />"""));

        tree.Discover();

        tree.ReadPaths.Order(StringComparer.Ordinal).ShouldBe(["app/app.vcxproj", "drv/driver.c", "drv/drv.inx", "drv/drv.vcxproj"]);
    }
}
