using System.Text;

namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>
/// A small tree as a driver team keeps it: the KMDF echo driver in C and its Rust port. Every
/// expected number in the tests was counted by hand from the text below (line numbers in the
/// comments of each file's expectations).
/// </summary>
internal static class EchoFixture
{
    public const string CProject = "echo/kmdf/driver/echo.vcxproj";
    public const string CInf = "echo/kmdf/driver/echo.inx";
    public const string DriverC = "echo/kmdf/driver/driver.c";
    public const string QueueC = "echo/kmdf/driver/queue.c";
    public const string DeviceH = "echo/kmdf/driver/device.h";
    public const string CargoToml = "rust/echo/Cargo.toml";
    public const string LibRs = "rust/echo/src/lib.rs";
    public const string SmokeRs = "rust/echo/tests/smoke.rs";
    public const string RustInf = "rust/echo/echo.inx";
    public const string HardwareId = @"Root\ECHO";
    public const string RustCrate = "echo-rs";

    public const string Vcxproj = """
        <?xml version="1.0" encoding="utf-8"?>
        <Project DefaultTargets="Build" ToolsVersion="12.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
          <PropertyGroup Label="Configuration">
            <ConfigurationType>Driver</ConfigurationType>
            <DriverType>KMDF</DriverType>
            <KMDF_VERSION_MAJOR>1</KMDF_VERSION_MAJOR>
            <KMDF_VERSION_MINOR>15</KMDF_VERSION_MINOR>
            <TargetVersion>Windows10</TargetVersion>
          </PropertyGroup>
          <ItemDefinitionGroup>
            <Link>
              <AdditionalDependencies>%(AdditionalDependencies);$(DDK_LIB_PATH)wdmsec.lib</AdditionalDependencies>
            </Link>
          </ItemDefinitionGroup>
          <ItemGroup>
            <ClCompile Include="driver.c" />
            <ClCompile Include="queue.c" />
          </ItemGroup>
          <ItemGroup>
            <ClInclude Include="device.h" />
          </ItemGroup>
          <ItemGroup>
            <Inf Include="echo.inx" />
          </ItemGroup>
        </Project>
        """;

    public const string Inx = """
        ;
        ; echo.inx - install file for the KMDF echo sample
        ;
        [Version]
        Signature="$WINDOWS NT$"
        Class=Sample
        ClassGuid={78A1C341-4539-11d3-B88D-00C04FAD5171}
        Provider=%ProviderString%
        CatalogFile=KmdfSamples.cat
        DriverVer=

        [Manufacturer]
        %StdMfg%=Standard,NT$ARCH$.10.0...16299

        [Standard.NT$ARCH$.10.0...16299]
        %Echo.DeviceDesc%=Echo_Device, Root\ECHO

        [Echo_Device.NT]
        CopyFiles=Drivers_Dir

        [Drivers_Dir]
        echo.sys

        [Echo_Device.NT.Services]
        AddService = ECHO,%SPSVCINST_ASSOCSERVICE%, echo_Service_Inst

        [echo_Service_Inst]
        DisplayName    = %ECHO.SVCDESC%
        ServiceType    = 1
        StartType      = 3
        ErrorControl   = 1
        ServiceBinary  = %13%\echo.sys

        [Echo_Device.NT.Wdf]
        KmdfService =  ECHO, echo_wdfsect

        [echo_wdfsect]
        KmdfLibraryVersion = $KMDFVERSION$

        [Strings]
        SPSVCINST_ASSOCSERVICE= 0x00000002
        ProviderString = "TODO-Set-Provider"
        StdMfg = "(Standard system devices)"
        Echo.DeviceDesc = "Sample WDF Echo Driver"
        ECHO.SVCDESC = "WDF Echo Service"
        """;

    /// <summary>53 lines: blank 3, 6, 9, 12, 21, 28, 30, 35, 43, 50; comment 1, 2, 4, 5, 10; goto on 26 and 47.</summary>
    public const string Driver = """
        /*++
            Copyright (c) Microsoft Corporation.  All rights reserved.

            driver.c - entry point of the KMDF echo sample.
        --*/

        #include "device.h"
        #include "driver.tmh"

        // The driver's single global: the count of devices added.
        ULONG EchoDeviceCount = 0;

        NTSTATUS
        DriverEntry(
            _In_ PDRIVER_OBJECT  DriverObject,
            _In_ PUNICODE_STRING RegistryPath
            )
        {
            WDF_DRIVER_CONFIG config;
            NTSTATUS status;

            WPP_INIT_TRACING(DriverObject, RegistryPath);
            WDF_DRIVER_CONFIG_INIT(&config, EchoEvtDeviceAdd);
            status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
            if (!NT_SUCCESS(status)) {
                goto Cleanup; /* tracing must stop */
            }

            return status;

        Cleanup:
            WPP_CLEANUP(DriverObject);
            return status;
        }

        NTSTATUS
        EchoEvtDeviceAdd(
            _In_    WDFDRIVER       Driver,
            _Inout_ PWDFDEVICE_INIT DeviceInit
            )
        {
            NTSTATUS status;

            UNREFERENCED_PARAMETER(Driver);
            status = EchoDeviceCreate(DeviceInit);
            if (!NT_SUCCESS(status)) {
                goto Exit;
            }
            EchoDeviceCount++;

        Exit:
            return status;
        }

        """;

    /// <summary>23 lines: blank 3, 13, 19; comment 1, 20; __try on 14, __except on 16.</summary>
    public const string Queue = """
        // queue.c - the echo queue: reads and writes through one buffer.
        #include "device.h"

        VOID
        EchoEvtIoRead(
            _In_ WDFQUEUE   Queue,
            _In_ WDFREQUEST Request,
            _In_ size_t     Length
            )
        {
            PQUEUE_CONTEXT context = QueueGetContext(Queue);
            NTSTATUS status = STATUS_SUCCESS;

            __try {
                RtlCopyMemory(context->Buffer, context->Pending, Length);
            } __except (EXCEPTION_EXECUTE_HANDLER) {
                status = GetExceptionCode();
            }

            /* Complete with what was copied. */
            TraceEvents(TRACE_LEVEL_INFORMATION, DBG_QUEUE, "read %Iu bytes // done", Length);
            WdfRequestCompleteWithInformation(Request, status, Length);
        }

        """;

    /// <summary>23 lines: blank 2, 5, 12, 18, 20; no comment lines; union on 6, bitfield on 8.</summary>
    public const string Device = """
        #pragma once

        #include <ntddk.h>
        #include <wdf.h>

        typedef union _ECHO_REGISTER {
            struct {
                ULONG Ready : 1;     // set by the device
            } Bits;
            ULONG Value;
        } ECHO_REGISTER;

        typedef struct _QUEUE_CONTEXT {
            PVOID Buffer;
            PVOID Pending;
            ECHO_REGISTER Register;
        } QUEUE_CONTEXT, *PQUEUE_CONTEXT;

        WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(QUEUE_CONTEXT, QueueGetContext)

        DRIVER_INITIALIZE DriverEntry;
        EVT_WDF_DRIVER_DEVICE_ADD EchoEvtDeviceAdd;
        NTSTATUS EchoDeviceCreate(PWDFDEVICE_INIT DeviceInit);

        """;

    public const string Cargo = """
        [package]
        name = "echo-rs"
        version = "0.1.0"
        edition = "2021"

        [package.metadata.wdk.driver-model]
        driver-type = "KMDF"
        kmdf-version-major = 1
        target-kmdf-version-minor = 33

        [lib]
        crate-type = ["cdylib"]

        [dependencies]
        wdk = "0.3"
        wdk-sys = "0.3"

        """;

    /// <summary>
    /// 44 lines: blank 3, 5, 16, 26, 33, 37; comment 1, 6, 7, 18; so 24 product code lines (1-33) and
    /// 10 test code lines (the #[cfg(test)] module, 34-44). Unsafe regions: the unsafe extern fn on
    /// 9-15 (7 code lines, with a nested block on 13), the unsafe fn on 17-25 (8 code lines, 18 is a
    /// comment), the block on 28-30 (3): 18 of 24. In the test module one unsafe line (41).
    /// "unsafe" in the comment on 18 and the string on 19 is no region.
    /// </summary>
    public const string Lib = """
        //! The KMDF echo sample, ported to Rust.
        #![no_std]

        use wdk_sys::{NTSTATUS, PCUNICODE_STRING, PDRIVER_OBJECT, STATUS_SUCCESS};

        /* The entry point the I/O manager calls.
           It only registers the device-add callback. */
        #[unsafe(export_name = "DriverEntry")]
        pub unsafe extern "system" fn driver_entry(
            driver: PDRIVER_OBJECT,
            registry_path: PCUNICODE_STRING,
        ) -> NTSTATUS {
            let status = unsafe { create_driver(driver, registry_path) };
            status
        }

        unsafe fn create_driver(driver: PDRIVER_OBJECT, _registry_path: PCUNICODE_STRING) -> NTSTATUS {
            // "unsafe" in a comment does not count
            let name = "unsafe { not a block }";
            let _ = name;
            if driver.is_null() {
                return -1;
            }
            STATUS_SUCCESS
        }

        fn buffer_length(buffer: &[u8]) -> usize {
            let first = unsafe {
                *buffer.as_ptr()
            };
            usize::from(first) + buffer.len()
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn length_counts_the_first_byte() {
                let bytes = [2u8, 0];
                let first = unsafe { *bytes.as_ptr() };
                assert_eq!(buffer_length(&bytes), usize::from(first) + 2);
            }
        }

        """;

    /// <summary>4 code lines of test code (under the crate's tests/ folder).</summary>
    public const string Smoke = """
        #[test]
        fn crate_builds() {
            assert_eq!(1 + 1, 2);
        }

        """;

    /// <summary>Writes the tree under <paramref name="root"/>.</summary>
    public static void Write(string root)
    {
        WriteText(root, CProject, Vcxproj);
        WriteText(root, CInf, Inx);
        WriteText(root, DriverC, Driver);
        WriteText(root, QueueC, Queue);
        WriteText(root, DeviceH, Device);
        WriteText(root, CargoToml, Cargo);
        WriteText(root, LibRs, Lib);
        WriteText(root, SmokeRs, Smoke);
        WriteText(root, RustInf, Inx.Replace("KmdfSamples.cat", "echo_rs.cat", StringComparison.Ordinal));
    }

    /// <summary>Writes UTF-8 without BOM and with LF line ends, as the files are kept in git.</summary>
    public static void WriteText(string root, string relativePath, string text) =>
        WriteBytes(root, relativePath, new UTF8Encoding(false).GetBytes(text.ReplaceLineEndings("\n")));

    public static void WriteBytes(string root, string relativePath, byte[] bytes)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
}
