using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Discovery;
using static MigrationTracker.Core.Tests.Analysis.Discovery.SourceTreeFixture;

namespace MigrationTracker.Core.Tests.Analysis.Discovery;

public sealed class InfDiscoveryTests
{
    private const string EchoInx = """
        ; ECHO.INF - comment lines start with ';'
        [Version]
        Signature="$WINDOWS NT$"
        Class=Sample ; the class
        ClassGuid={78A1C341-4539-11d3-B88D-00C04FAD5171}

        [Manufacturer]
        %StdMfg%=Standard,NT$ARCH$.10.0...16299

        [Standard.NT$ARCH$.10.0...16299]
        %ECHO.DeviceDesc%=ECHO_Device, root\ECHO_2
        ;%Old.DeviceDesc%=ECHO_Device, root\OLD

        [Standard.NT$ARCH$.10.0...16299.Services]
        AddService = %ServiceName%,%SPSVCINST_ASSOCSERVICE%, ECHO_Service_Inst

        [ECHO_Service_Inst]
        ServiceType    = 1               ; SERVICE_KERNEL_DRIVER
        ServiceBinary  = %13%\echo_2.sys

        [ECHO_Device.NT.Wdf]
        KmdfService =  ECHO_2, ECHO_wdfsect
        [ECHO_wdfsect]
        KmdfLibraryVersion = $KMDFVERSION$

        [Strings]
        ServiceName = "ECHO_2"
        StdMfg = "(Standard system devices); not a comment"
        """;

    private static InfFacts DiscoverInf(string text, string infPath = "echo/echo.inx")
    {
        var tree = new SourceTreeFixture()
            .Add("echo/echo.vcxproj", Vcxproj("Driver", "KMDF"))
            .Add(infPath, text);
        return tree.Discover().Drivers.ShouldHaveSingleItem().Infs.ShouldHaveSingleItem();
    }

    [Fact]
    public void An_INF_gives_service_hardware_ID_class_and_KMDF_facts_with_their_lines()
    {
        var inf = DiscoverInf(EchoInx);

        inf.Path.ShouldBe("echo/echo.inx");
        inf.Class.ShouldBe(new InfValue("Sample", new SourceLocation("echo/echo.inx", 4)));
        inf.HardwareIds.ShouldBe([new InfValue(@"root\ECHO_2", new SourceLocation("echo/echo.inx", 11))]);
        inf.ServiceNames.ShouldBe([new InfValue("ECHO_2", new SourceLocation("echo/echo.inx", 15))]);
        inf.ServiceType!.Value.ShouldBe("1");
        inf.ServiceBinaries.ShouldHaveSingleItem().Value.ShouldBe("echo_2.sys");
        inf.KmdfServices.ShouldHaveSingleItem().ShouldBe(new InfValue("ECHO_2", new SourceLocation("echo/echo.inx", 22)));
        inf.KmdfLibraryVersion!.Value.ShouldBe("$KMDFVERSION$");
    }

    [Fact]
    public void Text_decoded_from_a_UTF16_file_with_CRLF_lines_reads_the_same()
    {
        var inf = DiscoverInf("\uFEFF" + EchoInx.ReplaceLineEndings("\r\n"));

        inf.Class!.Value.ShouldBe("Sample");
        inf.HardwareIds.ShouldHaveSingleItem().Value.ShouldBe(@"root\ECHO_2");
        inf.ServiceNames.ShouldHaveSingleItem().Value.ShouldBe("ECHO_2");
    }

    [Fact]
    public void A_UMDF_INF_gives_its_UMDF_service_and_hardware_IDs_from_every_models_section()
    {
        var inf = DiscoverInf("""
            [Manufacturer]
            %MyMfg%=Models,NTamd64,NTarm64
            [Models.NTamd64]
            %Desc%=Install, USB\VID_0547&PID_1002, USB\Class_FF
            [Models.NTarm64]
            %Desc%=Install, USB\VID_0547&PID_1002
            [Models.Install]
            NotAnId = Install, nothing
            [Install.NT.Services]
            AddService=WUDFRd,0x000001fa,WUDFRD_ServiceInstall
            [Install.Wdf]
            UmdfService=osrusbfx2um,osrusbfx2um_Install
            UmdfLibraryVersion=$UMDFVERSION$
            ServiceType = 2
            """, "echo/fx2.inf");

        inf.HardwareIds.Select(h => h.Value).ShouldBe([@"USB\VID_0547&PID_1002", @"USB\Class_FF"]);
        inf.UmdfServices.ShouldHaveSingleItem().Value.ShouldBe("osrusbfx2um");
        inf.UmdfLibraryVersion!.Value.ShouldBe("$UMDFVERSION$");
        inf.ServiceType!.Value.ShouldBe("2");
    }

    [Fact]
    public void A_driver_without_an_INF_next_to_it_takes_the_INF_of_its_sample_folder()
    {
        var tree = new SourceTreeFixture()
            .Add("minispy/filter/minispy.vcxproj", Vcxproj("Driver", "WDM"))
            .Add("minispy/minispy.inf", "[Version]\nClass = \"ActivityMonitor\"\n")
            .Add("minispy/user/user.inf", "[Version]\nClass = Other\n");

        var inf = tree.Discover().Drivers.ShouldHaveSingleItem().Infs.ShouldHaveSingleItem();

        inf.Path.ShouldBe("minispy/minispy.inf");
        inf.Class!.Value.ShouldBe("ActivityMonitor");
    }
}
