namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>Hand-written files in the style of the Windows driver samples, for the cloc comparison.</summary>
internal static class RealWorld
{
    public const string FilterC = """
        /*++

        Copyright (c) Microsoft Corporation

        Module Name:

            filter.c

        Abstract:

            A storage filter that passes requests down, in the style of the
            classpnp and fastfat samples (bare try/except spelling).

        --*/

        #include "filter.h"

        #ifdef ALLOC_PRAGMA
        #pragma alloc_text(INIT, DriverEntry)
        #pragma alloc_text(PAGE, FilterAddDevice)
        #endif

        #define FILTER_TAG 'tliF'   // pool tag, read backwards in the debugger

        #define FILTER_TRACE(Level, Format, ...)                           \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, Level, "filter: " Format "\n",  \
                       __VA_ARGS__)

        NTSTATUS
        FilterDispatchAny(
            _In_ PDEVICE_OBJECT DeviceObject,
            _Inout_ PIRP Irp
            )
        {
            PFILTER_EXTENSION extension = DeviceObject->DeviceExtension; /* never NULL */
            NTSTATUS status;

            try {
                IoSkipCurrentIrpStackLocation(Irp);
                status = IoCallDriver(extension->LowerDevice, Irp);
            } except (EXCEPTION_EXECUTE_HANDLER) {
                // A bad user buffer: fail the request, do not crash.
                status = GetExceptionCode();
                leave;
            }

            return status; // "done" /* still a comment */
        }

        NTSTATUS
        DriverEntry(
            _In_ PDRIVER_OBJECT DriverObject,
            _In_ PUNICODE_STRING RegistryPath
            )
        {
            ULONG i;

            UNREFERENCED_PARAMETER(RegistryPath);
            for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
                DriverObject->MajorFunction[i] = FilterDispatchAny;
            }

            DriverObject->DriverExtension->AddDevice = FilterAddDevice;   /* PnP */
            FILTER_TRACE(DPFLTR_INFO_LEVEL, "loaded from %wZ // path", RegistryPath);
            return STATUS_SUCCESS;
        }
        """;

    public const string FilterH = """
        //
        // filter.h - device extension of the storage filter.
        //
        #pragma once
        #include <ntddk.h>

        typedef struct _FILTER_EXTENSION {
            PDEVICE_OBJECT Self;          // our device object
            PDEVICE_OBJECT LowerDevice;   /* the device we attach to */
            union {
                ULONG AllFlags;
                struct {
                    ULONG Started : 1;
                    ULONG Removed : 1;
                    ULONG Spare   : 30;
                } Flag;
            };
            LIST_ENTRY PendingIrps;
        } FILTER_EXTENSION, *PFILTER_EXTENSION;

        DRIVER_INITIALIZE DriverEntry;
        DRIVER_ADD_DEVICE FilterAddDevice;
        _Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH FilterDispatchAny;
        """;

    public const string AdapterCpp = """
        // adapter.cpp - PortCls adapter in the style of the SYSVAD sample.

        #include <portcls.h>
        #include "common.h"

        /*********************************************************************
        * Externals                                                          *
        *********************************************************************/
        NTSTATUS CreateMiniportWaveRT(_Out_ PUNKNOWN *Unknown, _In_ REFCLSID, _In_opt_ PUNKNOWN UnknownOuter, _In_ POOL_TYPE PoolType);

        class CAdapterCommon : public IAdapterCommon, public CUnknown
        {
        public:
            DECLARE_STD_UNKNOWN();
            DEFINE_STD_CONSTRUCTOR(CAdapterCommon);
            ~CAdapterCommon();

        private:
            PDEVICE_OBJECT m_pDeviceObject; // set in Init
        };

        template <typename T>
        T* Allocate(POOL_FLAGS flags)
        {
            return new (flags, 'dAvS') T(); /* placement new with a pool tag */
        }

        #pragma code_seg("PAGE")
        NTSTATUS
        AddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
        {
            PAGED_CODE();
            const char* path = "\\Device\\Sysvad"; // device name
            return PcAddAdapterDevice(DriverObject, PhysicalDeviceObject, PCPFNSTARTDEVICE(StartDevice), 8, 0);
        }
        #pragma code_seg()
        """;

    public const string WdfRs = """
        //! Safe wrappers over the WDF calls the sample needs.

        use core::ptr;
        use wdk_sys::{call_unsafe_wdf_function_binding, NTSTATUS, WDFDEVICE, WDFQUEUE};

        /// A WDF queue, created on a device.
        pub struct Queue {
            handle: WDFQUEUE, // owned by the framework
        }

        impl Queue {
            /// Creates the default queue.
            ///
            /// # Safety
            /// `device` must be a valid handle.
            pub unsafe fn create(device: WDFDEVICE) -> Result<Self, NTSTATUS> {
                let mut handle: WDFQUEUE = ptr::null_mut();
                let status = unsafe {
                    call_unsafe_wdf_function_binding!(
                        WdfIoQueueCreate,
                        device,
                        ptr::null_mut(), /* config */
                        ptr::null_mut(),
                        &mut handle,
                    )
                };
                if status < 0 {
                    return Err(status);
                }
                Ok(Self { handle })
            }
        }

        // SAFETY: a WDFQUEUE handle may be used from any thread.
        unsafe impl Send for Queue {}

        pub fn describe(name: &str) -> &'static str {
            match name {
                "//" => "a comment marker in a string",
                _ => "something else", // not "//"
            }
        }
        """;
}
