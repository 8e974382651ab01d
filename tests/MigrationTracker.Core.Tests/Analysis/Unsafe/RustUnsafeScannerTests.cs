using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Analysis.Unsafe;
using MigrationTracker.Core.Tests.Analysis.Lexing;

namespace MigrationTracker.Core.Tests.Analysis.Unsafe;

public sealed class RustUnsafeScannerTests
{
    private const string Path = "src/lib.rs";

    private static RustFileUnsafe Scan(string text)
    {
        using var file = Lexed.Rust(text);
        return RustUnsafeScanner.Scan(file, Path);
    }

    private static UnsafeRegion Region(UnsafeKind kind, int first, int last, int codeLines, bool inTest = false) =>
        new(kind, new SourceRange(Path, first, last), codeLines, inTest);

    [Fact]
    public void An_unsafe_block_is_a_region_on_its_lines()
    {
        const string Text = """
            fn main() {
                let p = 0 as *const u8;
                let v = unsafe { *p };
            }
            """;

        var found = Scan(Text);

        found.Regions.ShouldBe([Region(UnsafeKind.Block, 3, 3, 1)]);
        found.Counts[UnsafeKind.Block].ShouldBe(1);
        found.UnsafeLines.ShouldBe(1);
        found.CodeLines.ShouldBe(4);
    }

    [Fact]
    public void An_unsafe_fn_is_a_function_and_one_in_an_impl_is_a_method()
    {
        const string Text = """
            unsafe fn free_fn() {
                work();
            }
            struct S;
            impl S {
                pub unsafe fn method(&self) {
                    work();
                }
            }
            """;

        var found = Scan(Text);

        found.Regions.ShouldBe([Region(UnsafeKind.Function, 1, 3, 3), Region(UnsafeKind.Method, 6, 8, 3)]);
        found.Counts[UnsafeKind.Function].ShouldBe(1);
        found.Counts[UnsafeKind.Method].ShouldBe(1);
        found.UnsafeLines.ShouldBe(6);
        found.CodeLines.ShouldBe(9);
    }

    [Fact]
    public void An_unsafe_fn_declared_in_a_trait_is_a_method_without_a_region()
    {
        const string Text = """
            pub trait Device {
                unsafe fn raw(&self) -> *mut u8;
                fn id(&self) -> u32 { 0 }
            }
            """;

        var found = Scan(Text);

        found.Counts[UnsafeKind.Method].ShouldBe(1);
        found.Regions.ShouldBeEmpty();
        found.UnsafeLines.ShouldBe(0);
    }

    [Fact]
    public void An_unsafe_fn_returning_an_array_is_a_region()
    {
        const string Text = """
            unsafe fn read_header(p: *const u8) -> [u8; 4] {
                *(p as *const [u8; 4])
            }
            """;

        var found = Scan(Text);

        found.Regions.ShouldBe([Region(UnsafeKind.Function, 1, 3, 3)]);
        found.UnsafeLines.ShouldBe(3);
    }

    [Fact]
    public void An_unsafe_extern_C_fn_is_a_function()
    {
        const string Text = """
            pub unsafe extern "C" fn driver_entry() -> i32 {
                0
            }
            """;

        var found = Scan(Text);

        found.Regions.ShouldBe([Region(UnsafeKind.Function, 1, 3, 3)]);
        found.Counts[UnsafeKind.ExternBlock].ShouldBe(0);
    }

    [Fact]
    public void Unsafe_impls_and_traits_are_regions()
    {
        const string Text = """
            unsafe trait Zeroable {}
            struct P(*mut u8);
            unsafe impl Send for P {}
            unsafe impl Zeroable for P {
            }
            """;

        var found = Scan(Text);

        found.Regions.ShouldBe([Region(UnsafeKind.Trait, 1, 1, 1), Region(UnsafeKind.Implementation, 3, 3, 1), Region(UnsafeKind.Implementation, 4, 5, 2)]);
        found.Counts[UnsafeKind.Trait].ShouldBe(1);
        found.Counts[UnsafeKind.Implementation].ShouldBe(2);
        found.UnsafeLines.ShouldBe(4);
    }

    [Fact]
    public void An_unsafe_fn_in_an_unsafe_impl_is_a_method()
    {
        const string Text = """
            unsafe impl GlobalAlloc for WdkAllocator {
                unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
                    ex_allocate(layout)
                }
            }
            """;

        var found = Scan(Text);

        found.Counts[UnsafeKind.Method].ShouldBe(1);
        found.Counts[UnsafeKind.Function].ShouldBe(0);
        found.Regions.ShouldBe([Region(UnsafeKind.Method, 2, 4, 3), Region(UnsafeKind.Implementation, 1, 5, 5)]);
        found.UnsafeLines.ShouldBe(5);
    }

    [Fact]
    public void Extern_blocks_with_and_without_unsafe_are_regions()
    {
        const string Text = """
            unsafe extern "C" {
                fn abs(x: i32) -> i32;
            }
            extern "C" {
                fn labs(x: i64) -> i64;
            }
            extern crate alloc;
            extern "C" fn callback() {}
            """;

        var found = Scan(Text);

        found.Regions.ShouldBe([Region(UnsafeKind.ExternBlock, 1, 3, 3), Region(UnsafeKind.ExternBlock, 4, 6, 3)]);
        found.Counts[UnsafeKind.ExternBlock].ShouldBe(2);
        found.Counts[UnsafeKind.Function].ShouldBe(0);
        found.UnsafeLines.ShouldBe(6);
        found.CodeLines.ShouldBe(8);
    }

    [Fact]
    public void An_unsafe_attribute_is_not_a_region()
    {
        const string Text = """
            #[unsafe(no_mangle)]
            pub extern "C" fn driver_entry() -> i32 {
                0
            }
            """;

        var found = Scan(Text);

        found.Regions.ShouldBeEmpty();
        found.Counts.Values.Sum().ShouldBe(0);
        found.UnsafeLines.ShouldBe(0);
        found.CodeLines.ShouldBe(4);
    }

    [Fact]
    public void Unsafe_in_comments_and_strings_is_not_counted()
    {
        const string Text = """
            // unsafe { }
            /* unsafe fn f() {} /* unsafe impl */ */
            /// unsafe trait
            fn f() -> &'static str {
                let c = '{';
                r#"unsafe { }"#
            }
            """;

        var found = Scan(Text);

        found.Regions.ShouldBeEmpty();
        found.Counts.Values.Sum().ShouldBe(0);
        found.UnsafeLines.ShouldBe(0);
        found.CodeLines.ShouldBe(4);
    }

    [Fact]
    public void A_nested_unsafe_block_in_an_unsafe_fn_does_not_count_lines_twice()
    {
        const string Text = """
            unsafe fn f(p: *const u8) -> u8 {
                let a = unsafe { *p };
                a
            }
            """;

        var found = Scan(Text);

        found.Regions.ShouldBe([Region(UnsafeKind.Block, 2, 2, 1), Region(UnsafeKind.Function, 1, 4, 4)]);
        found.UnsafeLines.ShouldBe(4);
        found.CodeLines.ShouldBe(4);
    }

    [Fact]
    public void Braces_inside_an_unsafe_block_do_not_end_it()
    {
        const string Text = """
            fn f(p: *mut S) {
                unsafe {
                    if (*p).ready {
                        (*p).count += 1;
                    }
                }
                done();
            }
            """;

        var found = Scan(Text);

        found.Regions.ShouldBe([Region(UnsafeKind.Block, 2, 6, 5)]);
        found.UnsafeLines.ShouldBe(5);
        found.CodeLines.ShouldBe(8);
    }

    [Fact]
    public void Unsafe_lines_and_code_lines_match_a_hand_count()
    {
        const string Text = """
            //! Driver helpers.

            use core::ptr;

            /// Reads a byte.
            pub fn read(p: *const u8) -> u8 {
                // SAFETY: caller promises p is valid.
                unsafe {
                    // read it
                    ptr::read(p)
                }
            }

            pub unsafe fn write(p: *mut u8, v: u8) {
                unsafe { ptr::write(p, v) }
            }
            """;

        // code: 3, 6, 8, 10, 11, 12, 14, 15, 16; unsafe code: 8, 10, 11 (block) and 14-16 (fn).
        var found = Scan(Text);

        found.CodeLines.ShouldBe(9);
        found.UnsafeLines.ShouldBe(6);
        found.Regions.ShouldBe([Region(UnsafeKind.Block, 8, 11, 3), Region(UnsafeKind.Block, 15, 15, 1), Region(UnsafeKind.Function, 14, 16, 3)]);
    }

    [Fact]
    public void Unsafe_code_in_a_cfg_test_module_is_test_code_not_product_code()
    {
        const string Text = """
            pub fn add(a: u8, b: u8) -> u8 {
                a + b
            }

            #[cfg(test)]
            mod tests {
                use super::*;

                #[test]
                fn adds() {
                    let x = unsafe { core::ptr::read(&1u8) };
                    assert_eq!(add(x, 1), 2);
                }
            }
            """;

        var found = Scan(Text);

        found.UnsafeLines.ShouldBe(0);
        found.TestUnsafeLines.ShouldBe(1);
        found.Regions.ShouldBe([Region(UnsafeKind.Block, 11, 11, 1, inTest: true)]);
        (found.CodeLines + found.TestCodeLines).ShouldBe(12); // every non-blank line is code
    }

    [Fact]
    public void The_cfg_test_attribute_line_belongs_to_the_test_module()
    {
        const string Text = """
            pub fn add(a: u8, b: u8) -> u8 {
                a + b
            }

            #[cfg(test)]
            mod tests {
                #[test]
                fn adds() {
                    assert_eq!(super::add(1, 1), 2);
                }
            }
            """;

        // product: 1-3; test: 5-11.
        var found = Scan(Text);

        found.CodeLines.ShouldBe(3);
        found.TestCodeLines.ShouldBe(7);
    }

    [Fact]
    public void A_test_fn_body_is_test_code()
    {
        const string Text = """
            fn product() -> u8 { unsafe { read() } }
            #[test]
            fn reads() {
                let v = unsafe { read() };
                assert_eq!(v, 0);
            }
            """;

        var found = Scan(Text);

        found.UnsafeLines.ShouldBe(1);
        found.TestUnsafeLines.ShouldBe(1);
        found.Regions.ShouldBe([Region(UnsafeKind.Block, 1, 1, 1), Region(UnsafeKind.Block, 4, 4, 1, inTest: true)]);
    }

    [Fact]
    public void A_cfg_test_use_line_does_not_make_the_next_item_test_code()
    {
        const string Text = """
            #[cfg(test)]
            use std::vec::Vec;
            fn product() {
                unsafe { work() }
            }
            """;

        var found = Scan(Text);

        found.UnsafeLines.ShouldBe(1);
        found.TestUnsafeLines.ShouldBe(0);
        found.Regions.ShouldBe([Region(UnsafeKind.Block, 4, 4, 1)]);
    }

    [Fact]
    public void A_not_test_cfg_is_product_code()
    {
        const string Text = """
            #[cfg(not(test))]
            fn product() {
                unsafe { work() }
            }
            """;

        var found = Scan(Text);

        found.UnsafeLines.ShouldBe(1);
        found.TestCodeLines.ShouldBe(0);
    }

    [Fact]
    public void A_whole_test_file_counts_all_its_code_as_test_code()
    {
        const string Text = """
            fn helper() {
                unsafe { work() }
            }
            """;

        using var file = Lexed.Rust(Text);
        var found = RustUnsafeScanner.Scan(file, "tests/it.rs", wholeFileIsTest: true);

        found.CodeLines.ShouldBe(0);
        found.UnsafeLines.ShouldBe(0);
        found.TestCodeLines.ShouldBe(3);
        found.TestUnsafeLines.ShouldBe(1);
        found.Regions.ShouldBe([new UnsafeRegion(UnsafeKind.Block, new SourceRange("tests/it.rs", 2, 2), 1, true)]);
    }

    [Fact]
    public void A_lifetime_does_not_hide_the_unsafe_block_after_it()
    {
        const string Text = """
            fn get<'a>(s: &'a S) -> &'a u8 {
                unsafe { &*s.ptr }
            }
            """;

        Scan(Text).Regions.ShouldBe([Region(UnsafeKind.Block, 2, 2, 1)]);
    }
}
