using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Discovery;
using static MigrationTracker.Core.Tests.Analysis.Discovery.SourceTreeFixture;

namespace MigrationTracker.Core.Tests.Analysis.Discovery;

public sealed class FrameworkDetectionTests
{
    private static DiscoveredDriver Discover(string link = "", params (string Path, string Text)[] sources)
    {
        var items = string.Concat(sources.Select(s => $"<ClCompile Include=\"{s.Path}\" />"));
        var tree = new SourceTreeFixture().Add("drv/drv.vcxproj", Vcxproj("Driver", "WDM", items: items, link: link));
        foreach (var (path, text) in sources)
        {
            tree.Add("drv/" + path, text);
        }

        return tree.Discover().Drivers.ShouldHaveSingleItem();
    }

    [Fact]
    public void A_driver_linking_ndis_lib_is_an_NDIS_driver_with_the_project_line_as_evidence()
    {
        var driver = Discover(@"%(AdditionalDependencies);$(DDK_LIB_PATH)\ndis.lib");

        driver.Framework.ShouldBe(DriverFramework.Ndis);
        driver.FrameworkEvidence.ShouldNotBeEmpty();
        driver.FrameworkEvidence.ShouldAllBe(l => l.Path == "drv/drv.vcxproj" && l.Line > 1);
    }

    [Fact]
    public void A_driver_including_fltkernel_h_is_a_minifilter_with_the_include_line_as_evidence()
    {
        var driver = Discover(sources: ("filter.c", "// minifilter\n#include <fltKernel.h>\n#include \"filter.h\"\n"));

        driver.Framework.ShouldBe(DriverFramework.FileSystemMinifilter);
        driver.FrameworkEvidence.ShouldBe([new SourceLocation("drv/filter.c", 2)]);
    }

    [Fact]
    public void Only_include_lines_count_not_mentions_in_code_or_comments()
    {
        var driver = Discover(sources: ("driver.c", "// we do not use <ndis.h> here\nconst char *s = \"#include <ndis.h>\";\n  #  include \"usb.h\"\n"));

        driver.Framework.ShouldBe(DriverFramework.Usb);
        driver.FrameworkEvidence.ShouldBe([new SourceLocation("drv/driver.c", 3)]);
    }

    [Fact]
    public void The_hardest_framework_for_Rust_wins_and_the_others_stay_as_signals()
    {
        var driver = Discover("fwpkclnt.lib;ndis.lib", ("callout.c", "#include <wsk.h>\n#include <fwpsk.h>\n"));

        driver.Framework.ShouldBe(DriverFramework.Ndis);
        driver.FrameworkSignals.Select(s => s.Framework).Distinct().Order().ShouldBe([DriverFramework.Ndis, DriverFramework.Wfp, DriverFramework.Wsk]);
    }

    [Fact]
    public void An_audio_driver_including_ks_h_is_PortCls_not_AVStream()
    {
        var driver = Discover("portcls.lib", ("adapter.cpp", "#include <ks.h>\n#include <portcls.h>\n"));

        driver.Framework.ShouldBe(DriverFramework.PortCls);
    }

    [Fact]
    public void A_driver_linking_ks_lib_is_AVStream()
    {
        Discover("ks.lib;ksguid.lib", ("device.cpp", "#include <ks.h>\n")).Framework.ShouldBe(DriverFramework.AvStream);
    }

    [Fact]
    public void Includes_in_test_code_do_not_decide_the_framework()
    {
        var driver = Discover(sources: [("driver.c", "#include <ntddk.h>\n"), ("test/harness.c", "#include <ndis.h>\n")]);

        driver.Framework.ShouldBe(DriverFramework.None);
        driver.FrameworkEvidence.ShouldBeEmpty();
    }
}
