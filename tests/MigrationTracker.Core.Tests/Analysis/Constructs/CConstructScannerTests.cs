using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Constructs;
using MigrationTracker.Core.Tests.Analysis.Lexing;

namespace MigrationTracker.Core.Tests.Analysis.Constructs;

public sealed class CConstructScannerTests
{
    private static CFileConstructs Scan(string text, string path = "f.c")
    {
        using var file = Lexed.C(text);
        return CConstructScanner.Scan(file, path);
    }

    [Fact]
    public void SEH_with_underscores_is_found_on_each_keyword_line()
    {
        const string Text = """
            void f(void)
            {
                __try {
                    g();
                } __except (EXCEPTION_EXECUTE_HANDLER) {
                    __leave;
                }
                __try { g(); } __finally { h(); }
            }
            """;

        Scan(Text).LinesOf(CConstruct.StructuredExceptionHandling).ShouldBe([3, 5, 6, 8, 8]);
    }

    [Fact]
    public void SEH_in_the_bare_spelling_is_found_on_each_keyword_line()
    {
        const string Text = """
            void f(void)
            {
                try {
                    g();
                } except (EXCEPTION_EXECUTE_HANDLER) {
                    leave;
                }
                try { g(); } finally { h(); }
            }
            """;

        Scan(Text).LinesOf(CConstruct.StructuredExceptionHandling).ShouldBe([3, 5, 6, 8, 8]);
    }

    [Fact]
    public void Words_like_try_used_as_names_are_not_SEH()
    {
        const string Text = """
            int try_count;
            void f(int except, int finally)
            {
                except = finally + try_count;
            }
            """;

        Scan(Text).Count(CConstruct.StructuredExceptionHandling).ShouldBe(0);
    }

    [Fact]
    public void Inline_assembly_is_found_in_each_spelling()
    {
        const string Text = """
            void f(void)
            {
                __asm { int 3 }
                _asm mov eax, 1
                __asm__("nop");
            }
            """;

        Scan(Text).LinesOf(CConstruct.InlineAssembly).ShouldBe([3, 4, 5]);
    }

    [Fact]
    public void Goto_is_found_but_not_its_label()
    {
        const string Text = """
            void f(void)
            {
                goto done;
            done:
                return;
            }
            """;

        Scan(Text).LinesOf(CConstruct.Goto).ShouldBe([3]);
    }

    [Fact]
    public void Union_definitions_are_found_but_not_union_variables()
    {
        const string Text = """
            union U { int a; float b; };
            typedef union { int a; } V;
            union U u;
            """;

        Scan(Text).LinesOf(CConstruct.Union).ShouldBe([1, 2]);
    }

    [Fact]
    public void Bitfields_in_a_struct_are_found_each()
    {
        const string Text = """
            struct Flags {
                unsigned int Ready : 1;
                unsigned int Mode : 3, Spare : 4;
                unsigned int Count;
            };
            """;

        Scan(Text).LinesOf(CConstruct.Bitfield).ShouldBe([2, 3, 3]);
    }

    [Fact]
    public void A_ternary_and_a_case_label_are_not_bitfields()
    {
        const string Text = """
            int f(int a, int b)
            {
                switch (a) {
                case 1:
                    return a ? b : 1;
                }
                return 0;
            }
            """;

        Scan(Text).Count(CConstruct.Bitfield).ShouldBe(0);
    }

    [Fact]
    public void A_ternary_in_a_block_whose_condition_names_a_struct_is_not_a_bitfield()
    {
        const string Text = """
            int f(int a, int b, ULONG Length)
            {
                if (Length < sizeof(struct _HEADER)) {
                    a = b ? a : 1;
                }
                return a;
            }
            """;

        Scan(Text).Count(CConstruct.Bitfield).ShouldBe(0);
    }

    [Fact]
    public void Function_like_macros_are_found_only_when_the_parenthesis_touches_the_name()
    {
        const string Text = """
            #define MAX(a, b) ((a) > (b) ? (a) : (b))
            #define V (x)
            #define EMPTY()
            #define ANSWER 42
            #define CHECK(s) \
                if (!NT_SUCCESS(s)) { return s; }
            """;

        Scan(Text).LinesOf(CConstruct.FunctionLikeMacro).ShouldBe([1, 3, 5]);
    }

    [Fact]
    public void Conditional_directives_count_if_ifdef_ifndef_and_elif_only()
    {
        const string Text = """
            #if DBG
            #elif defined(X)
            #else
            #endif
            #ifdef A
            #endif
            #ifndef B
            #endif
              #  if 0
            #endif
            """;

        Scan(Text).LinesOf(CConstruct.ConditionalDirective).ShouldBe([1, 2, 5, 7, 9]);
    }

    [Fact]
    public void A_varargs_parameter_list_is_found()
    {
        const string Text = """
            int Log(const char *format, ...);
            int Sum(int n, int m);
            """;

        Scan(Text).LinesOf(CConstruct.Varargs).ShouldBe([1]);
    }

    [Fact]
    public void Cpp_namespaces_templates_classes_and_new_delete_are_found()
    {
        const string Text = """
            namespace drv {
            template <typename T>
            class Queue : public Base {
            public:
                Queue() { m_p = new T[4]; }
                ~Queue() { delete[] m_p; }
            };
            }
            """;

        var found = Scan(Text, "queue.cpp");

        found.LinesOf(CConstruct.CppNamespace).ShouldBe([1]);
        found.LinesOf(CConstruct.CppTemplate).ShouldBe([2]);
        found.LinesOf(CConstruct.CppClass).ShouldBe([3]);
        found.LinesOf(CConstruct.CppNewDelete).ShouldBe([5, 6]);
        found.UsesCpp.ShouldBeTrue();
    }

    [Fact]
    public void A_header_with_a_class_uses_Cpp()
    {
        Scan("class Device final { int m_id; };\n", "device.h").UsesCpp.ShouldBeTrue();
    }

    [Fact]
    public void A_plain_C_file_does_not_use_Cpp()
    {
        const string Text = """
            typedef enum class_kind { A, B } CLASS_KIND;
            struct S { int a; };
            int f(int new_size) { return new_size; }
            """;

        Scan(Text, "plain.h").UsesCpp.ShouldBeFalse();
    }

    [Fact]
    public void WPP_tracing_is_found_by_tmh_include_init_and_trace_calls()
    {
        const string Text = """
            #include "driver.tmh"
            NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
            {
                WPP_INIT_TRACING(DriverObject, RegistryPath);
                TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");
                return STATUS_SUCCESS;
            }
            """;

        Scan(Text).LinesOf(CConstruct.WppTracing).ShouldBe([1, 4, 5]);
    }

    [Fact]
    public void Includes_are_listed_with_their_line_and_name()
    {
        const string Text = """
            #include <ntddk.h>
            #include "driver.h"
            #include INCLUDE_FILE
            """;

        Scan(Text).Includes.Select(i => (i.Line, i.Name)).ShouldBe([(1, "ntddk.h"), (2, "driver.h")]);
    }

    [Fact]
    public void Paging_is_found_by_alloc_text_code_seg_and_PAGED_CODE()
    {
        const string Text = """
            #pragma alloc_text(PAGE, EchoEvtDeviceAdd)
            #pragma code_seg("PAGE")
            #pragma warning(disable: 4201)
            NTSTATUS EchoEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
            {
                PAGED_CODE();
                return STATUS_SUCCESS;
            }
            """;

        Scan(Text).LinesOf(CConstruct.Paging).ShouldBe([1, 2, 6]);
    }

    [Fact]
    public void Mutable_globals_are_found_and_constants_types_prototypes_and_externs_are_not()
    {
        const string Text = """
            ULONG g_Count;
            static KSPIN_LOCK g_Lock;
            int a[4] = {0};
            const int x = 1;
            typedef unsigned long DWORD;
            NTSTATUS Foo(void);
            extern int y;
            struct S { int a; };
            """;

        Scan(Text).LinesOf(CConstruct.MutableGlobal).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void A_pointer_to_const_is_a_mutable_global_but_a_const_pointer_is_not()
    {
        const string Text = """
            const char *g_Name = "echo";
            char *const g_Fixed = 0;
            """;

        Scan(Text).LinesOf(CConstruct.MutableGlobal).ShouldBe([1]);
    }

    [Fact]
    public void A_global_function_pointer_is_a_mutable_global()
    {
        Scan("NTSTATUS (*g_Callback)(PVOID Context);\n").LinesOf(CConstruct.MutableGlobal).ShouldBe([1]);
    }

    [Fact]
    public void A_typedef_of_a_struct_with_members_is_not_a_mutable_global()
    {
        const string Text = """
            typedef struct _DEVICE_CONTEXT {
                ULONG Count;
            } DEVICE_CONTEXT, *PDEVICE_CONTEXT;
            """;

        Scan(Text).Count(CConstruct.MutableGlobal).ShouldBe(0);
    }

    [Fact]
    public void A_variable_declared_with_its_struct_definition_is_a_mutable_global()
    {
        const string Text = """
            struct Stats {
                int Reads;
            } g_Stats;
            """;

        Scan(Text).LinesOf(CConstruct.MutableGlobal).ShouldBe([3]);
    }

    [Fact]
    public void Locals_inside_a_function_are_not_globals()
    {
        const string Text = """
            void f(void)
            {
                ULONG count;
                static int calls;
            }
            """;

        Scan(Text).Count(CConstruct.MutableGlobal).ShouldBe(0);
    }

    [Fact]
    public void Globals_inside_extern_C_and_namespace_blocks_are_still_at_file_scope()
    {
        const string Text = """
            extern "C" {
            ULONG g_A;
            }
            namespace n {
            ULONG g_B;
            }
            """;

        Scan(Text, "f.cpp").LinesOf(CConstruct.MutableGlobal).ShouldBe([2, 5]);
    }

    [Fact]
    public void Callback_roles_are_found_by_role_type_and_dispatch_table()
    {
        const string Text = """
            DRIVER_INITIALIZE DriverEntry;
            EVT_WDF_DRIVER_DEVICE_ADD EchoEvtDeviceAdd;
            NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
            {
                DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreate;
                if (DriverObject->MajorFunction[IRP_MJ_CLOSE] == NULL) { return 0; }
                return STATUS_SUCCESS;
            }
            """;

        var found = Scan(Text);

        found.LinesOf(CConstruct.CallbackRole).ShouldBe([1, 2, 5]);
        found.Count(CConstruct.MutableGlobal).ShouldBe(0);
    }

    [Fact]
    public void Pointer_casts_and_pointer_arithmetic_are_found_but_not_sizeof_or_calls()
    {
        const string Text = """
            void f(PVOID p, PUCHAR buf, ULONG offset)
            {
                PUCHAR a = (PUCHAR)p;
                struct foo *b = (struct foo *)p;
                PUCHAR c = (PUCHAR)buf + offset;
                ULONG n = sizeof(PVOID);
                g(p);
                n = (n) + 1;
            }
            """;

        var found = Scan(Text);

        found.LinesOf(CConstruct.PointerCast).ShouldBe([3, 4, 5]);
        found.LinesOf(CConstruct.PointerArithmetic).ShouldBe([5]);
    }

    [Fact]
    public void A_returned_cast_is_a_pointer_cast()
    {
        Scan("PVOID f(ULONG_PTR v)\n{\n    return (PVOID)v;\n}\n").LinesOf(CConstruct.PointerCast).ShouldBe([3]);
    }

    [Fact]
    public void Spinlocks_and_DPCs_are_found_by_their_API_names()
    {
        const string Text = """
            VOID f(PDEVICE_CONTEXT ctx)
            {
                KIRQL irql;
                KeAcquireSpinLock(&ctx->Lock, &irql);
                WdfSpinLockAcquire(ctx->Guard);
                KeInsertQueueDpc(&ctx->Item, NULL, NULL);
                WdfDpcCreate(&config, &attributes, &ctx->Handle);
            }
            """;

        var found = Scan(Text);

        found.LinesOf(CConstruct.SpinLock).ShouldBe([4, 5]);
        found.LinesOf(CConstruct.Dpc).ShouldBe([6, 7]);
    }

    [Fact]
    public void IRQL_annotations_are_found()
    {
        const string Text = """
            _IRQL_requires_max_(DISPATCH_LEVEL)
            VOID f(VOID);
            __drv_maxIRQL(PASSIVE_LEVEL)
            VOID g(VOID);
            """;

        Scan(Text).LinesOf(CConstruct.IrqlAnnotation).ShouldBe([1, 3]);
    }

    [Fact]
    public void CONTAINING_RECORD_and_list_entries_are_found()
    {
        const string Text = """
            typedef struct _ITEM {
                LIST_ENTRY Link;
            } ITEM, *PITEM;
            PITEM f(PLIST_ENTRY e)
            {
                return CONTAINING_RECORD(e, ITEM, Link);
            }
            """;

        var found = Scan(Text);

        found.LinesOf(CConstruct.ListEntry).ShouldBe([2, 4]);
        found.LinesOf(CConstruct.ContainingRecord).ShouldBe([6]);
    }

    [Fact]
    public void Constructs_in_comments_and_strings_are_not_counted()
    {
        const string Text = """
            // goto fail; __try { } KeAcquireSpinLock(&l, &i); PAGED_CODE();
            /* union U { int a; }; #pragma alloc_text(PAGE, f) __asm { int 3 }
               CONTAINING_RECORD(e, T, f) WPP_INIT_TRACING(d, r) */
            void f(void)
            {
                Print("goto __try PAGED_CODE() CONTAINING_RECORD LIST_ENTRY %s", "KeInsertQueueDpc");
            }
            """;

        var found = Scan(Text);

        foreach (var construct in Enum.GetValues<CConstruct>())
        {
            found.Count(construct).ShouldBe(0, construct.ToString());
        }
    }
}
