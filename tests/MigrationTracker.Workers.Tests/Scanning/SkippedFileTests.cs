using System.Text;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Scanning;

namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>Files a scan cannot or should not count, and the encodings it must still read.</summary>
public sealed class SkippedFileTests : IDisposable
{
    private const long Limit = 4096;
    private const string Folder = "odd/driver";

    /// <summary>4 lines: comment 1, blank 2, code 3 and 4.</summary>
    private const string SmallHeader = "// odd.h - declarations\n\n#define ODD_TAG 'ddO'\nextern ULONG OddCount;\n";

    private readonly TemporaryDirectory _tree = new("mt-scan-skip");

    public SkippedFileTests() => EchoFixture.WriteText(_tree.Path, $"{Folder}/main.c", "int main(void) { return 0; }\n");

    public void Dispose() => _tree.Dispose();

    private ScanReport Scan() => ScanCommand.Scan(_tree.Path, null, new ScanOptions { MaxFileBytes = Limit });

    [Fact]
    public void A_c_file_with_binary_bytes_is_skipped_as_binary()
    {
        EchoFixture.WriteBytes(_tree.Path, $"{Folder}/blob.c", [.. Enumerable.Range(0, 1024).Select(i => (byte)(i * 7 % 256))]);

        var report = Scan();

        report.Skipped.ShouldBe([new SkippedFile($"{Folder}/blob.c", "binary file")]);
        report.Files.Select(f => f.Path).ShouldBe([$"{Folder}/main.c"]);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_skipped_naming_the_limit()
    {
        var big = string.Concat(Enumerable.Repeat("int filler_line_of_code;\n", 200)); // 5,000 bytes
        EchoFixture.WriteText(_tree.Path, $"{Folder}/big.c", big);

        var report = Scan();

        report.Skipped.ShouldBe([new SkippedFile($"{Folder}/big.c", "larger than the size limit (4096 bytes)")]);
        report.Languages.Single().ShouldBe(new LanguageTotals("C", 1, 0, 0, 1));
    }

    [Fact]
    public async Task The_size_limit_comes_from_the_max_file_bytes_option()
    {
        EchoFixture.WriteText(_tree.Path, $"{Folder}/big.c", string.Concat(Enumerable.Repeat("int filler_line_of_code;\n", 200)));

        var limited = await ScanRun.RunAsync(_tree.Path, "--format", "json", "--max-file-bytes", "4096");
        var unlimited = await ScanRun.RunAsync(_tree.Path, "--format", "json");

        using (var json = limited.Json())
        {
            var skipped = json.RootElement.GetProperty("skipped").EnumerateArray().Single();
            skipped.GetProperty("path").GetString().ShouldBe($"{Folder}/big.c");
            skipped.GetProperty("reason").GetString().ShouldBe("larger than the size limit (4096 bytes)");
        }

        using (var json = unlimited.Json())
        {
            json.RootElement.GetProperty("skipped").GetArrayLength().ShouldBe(0);
            json.RootElement.GetProperty("languages")[0].GetProperty("code").GetInt32().ShouldBe(201);
        }
    }

    [Fact]
    public void An_empty_header_is_skipped_as_empty()
    {
        EchoFixture.WriteBytes(_tree.Path, $"{Folder}/empty.h", []);

        Scan().Skipped.ShouldBe([new SkippedFile($"{Folder}/empty.h", "empty file")]);
    }

    [Fact]
    public void A_UTF16_little_endian_header_with_byte_order_mark_is_counted()
    {
        EchoFixture.WriteBytes(_tree.Path, $"{Folder}/odd.h", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(SmallHeader)]);

        var report = Scan();

        report.Skipped.ShouldBeEmpty();
        report.Files.ShouldContain(new FileEntry($"{Folder}/odd.h", "C/C++ Header", 1, 1, 2, null));
    }

    [Fact]
    public void A_UTF16_big_endian_header_with_byte_order_mark_is_counted()
    {
        EchoFixture.WriteBytes(_tree.Path, $"{Folder}/odd.h", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(SmallHeader)]);

        Scan().Files.ShouldContain(new FileEntry($"{Folder}/odd.h", "C/C++ Header", 1, 1, 2, null));
    }

    [Fact]
    public void A_UTF8_file_with_byte_order_mark_is_counted()
    {
        EchoFixture.WriteBytes(_tree.Path, $"{Folder}/odd.h", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(SmallHeader)]);

        Scan().Files.ShouldContain(new FileEntry($"{Folder}/odd.h", "C/C++ Header", 1, 1, 2, null));
    }

    [Fact]
    public void A_UTF16_c_file_without_byte_order_mark_is_skipped_with_advice()
    {
        EchoFixture.WriteBytes(_tree.Path, $"{Folder}/wide.c", Encoding.Unicode.GetBytes("int wide(void)\n{\n    return 1;\n}\n"));

        var skipped = Scan().Skipped.ShouldHaveSingleItem();

        skipped.Path.ShouldBe($"{Folder}/wide.c");
        skipped.Reason.ShouldBe("looks like UTF-16 without a byte-order mark; save it as UTF-8 or UTF-16 with BOM");
    }

    [Fact]
    public void A_UTF16_INF_with_byte_order_mark_gives_discovery_its_hardware_id()
    {
        EchoFixture.WriteText(_tree.Path, $"{Folder}/odd.vcxproj", """
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup>
                <ConfigurationType>Driver</ConfigurationType>
                <DriverType>WDM</DriverType>
              </PropertyGroup>
              <ItemGroup>
                <ClCompile Include="main.c" />
              </ItemGroup>
            </Project>
            """);
        var inf = EchoFixture.Inx.Replace(@"Root\ECHO", @"PCI\VEN_8086&DEV_1234", StringComparison.Ordinal).ReplaceLineEndings("\r\n");
        EchoFixture.WriteBytes(_tree.Path, $"{Folder}/odd.inf", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(inf)]);

        var report = Scan();

        var driver = report.Drivers.ShouldHaveSingleItem();
        driver.Path.ShouldBe($"{Folder}/odd.vcxproj");
        driver.HardwareIds.ShouldBe([@"PCI\VEN_8086&DEV_1234"]);
        report.Problems.ShouldBeEmpty();
    }
}
