using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Constructs;
using MigrationTracker.Core.Tests.Analysis.Lexing;

namespace MigrationTracker.Core.Tests.Analysis.Constructs;

/// <summary>Functions found by the construct scanner: name, first line, cyclomatic complexity and code lines.</summary>
public sealed class FunctionComplexityTests
{
    private static List<FunctionComplexity> Functions(string text)
    {
        using var file = Lexed.C(text);
        return CConstructScanner.Scan(file, "f.c").Functions;
    }

    [Fact]
    public void A_function_without_branches_has_complexity_one()
    {
        const string Text = """
            /* Adds two numbers. */
            static int add(int a, int b)
            {
                // no branches
                return a + b;
            }
            """;

        var function = Functions(Text).ShouldHaveSingleItem();

        function.Name.ShouldBe("add");
        function.Location.ShouldBe(new SourceLocation("f.c", 2));
        function.Complexity.ShouldBe(1);
        function.CodeLines.ShouldBe(4);
    }

    [Fact]
    public void Each_decision_adds_one_to_the_complexity()
    {
        const string Text = """
            int f(int a, int b)
            {
                if (a && b) {
                    return 1;
                } else if (a || b) {
                    return 2;
                }
                for (int i = 0; i < a; i++) {
                    while (b--) { }
                }
                switch (a) {
                case 1:
                case 2:
                    break;
                default:
                    break;
                }
                return a > b ? a : b;
            }
            """;

        // if, &&, if (of else if), ||, for, while, case, case, ?
        var function = Functions(Text).ShouldHaveSingleItem();

        function.Name.ShouldBe("f");
        function.Complexity.ShouldBe(10);
        function.CodeLines.ShouldBe(19);
    }

    [Fact]
    public void Else_if_counts_once()
    {
        const string Text = """
            int sign(int a)
            {
                if (a > 0) return 1;
                else if (a < 0) return -1;
                else return 0;
            }
            """;

        Functions(Text).ShouldHaveSingleItem().Complexity.ShouldBe(3);
    }

    [Fact]
    public void Except_and_catch_are_decisions_but_try_is_not()
    {
        const string Text = """
            void g(void)
            {
                __try {
                    h();
                } __except (EXCEPTION_EXECUTE_HANDLER) {
                }
            }
            void k(void)
            {
                try { h(); } catch (...) { }
            }
            """;

        Functions(Text).Select(f => (f.Name, f.Complexity)).ShouldBe([("g", 2), ("k", 2)]);
    }

    [Fact]
    public void Decisions_in_comments_strings_and_macros_do_not_count()
    {
        const string Text = """
            void f(void)
            {
                // if (a) while (b)
                Print("if for while case && || ?");
            #if DEBUG_CHECKS
                g();
            #endif
            }
            """;

        Functions(Text).ShouldHaveSingleItem().Complexity.ShouldBe(1);
    }

    [Fact]
    public void A_const_method_is_named_with_its_class()
    {
        const string Text = """
            int Queue::Size() const
            {
                return m_count > 0 ? m_count : 0;
            }
            """;

        var function = Functions(Text).ShouldHaveSingleItem();

        function.Name.ShouldBe("Queue::Size");
        function.Complexity.ShouldBe(2);
        function.CodeLines.ShouldBe(4);
    }

    [Fact]
    public void A_constructor_with_an_initialiser_list_is_one_function()
    {
        const string Text = """
            Queue::Queue(int n) : m_n(n), m_p(nullptr)
            {
                if (n > 0) {
                    m_p = new int[n];
                }
            }
            """;

        var function = Functions(Text).ShouldHaveSingleItem();

        function.Name.ShouldBe("Queue::Queue");
        function.Location.Line.ShouldBe(1);
        function.Complexity.ShouldBe(2);
        function.CodeLines.ShouldBe(6);
    }

    [Fact]
    public void Functions_are_listed_in_order_with_their_first_line()
    {
        const string Text = """
            #include "driver.h"

            NTSTATUS
            DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
            {
                return STATUS_SUCCESS;
            }

            struct S { int a; };

            VOID
            EchoEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
            {
                if (Length == 0) {
                    WdfRequestComplete(Request, STATUS_SUCCESS);
                }
            }
            """;

        Functions(Text).Select(f => (f.Name, f.Location.Line, f.CodeLines)).ShouldBe([("DriverEntry", 4, 4), ("EchoEvtIoRead", 12, 6)]);
    }

    [Fact]
    public void Control_blocks_and_initialisers_are_not_functions()
    {
        const string Text = """
            int table[2] = { 1, 2 };
            struct S { int a; } s = { 1 };
            void f(int a)
            {
                if (a) { g(); }
                while (a) { a--; }
                int local[2] = { 0, 1 };
            }
            """;

        Functions(Text).ShouldHaveSingleItem().Name.ShouldBe("f");
    }

    [Fact]
    public void A_nested_block_does_not_end_the_function()
    {
        const string Text = """
            void f(int a)
            {
                {
                    if (a) { }
                }
                if (a) { }
            }
            """;

        var function = Functions(Text).ShouldHaveSingleItem();

        function.Complexity.ShouldBe(3);
        function.CodeLines.ShouldBe(7);
    }
}
