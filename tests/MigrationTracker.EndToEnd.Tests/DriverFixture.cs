using LibGit2Sharp;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>A small driver repository built for the test: a KMDF echo driver in C and its Rust port.</summary>
internal static class DriverFixture
{
    public static void Create(string path)
    {
        Repository.Init(path);
        using var git = new Repository(path);
        Write(path, "echo/echo.vcxproj", """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup><TargetName>echo</TargetName><ConfigurationType>Driver</ConfigurationType><DriverType>KMDF</DriverType></PropertyGroup>
              <ItemGroup><ClCompile Include="driver.c" /></ItemGroup>
            </Project>
            """);
        Write(path, "echo/echo.inx", """
            [Manufacturer]
            %Mfg%=Standard,NT$ARCH$
            [Standard.NT$ARCH$]
            %Desc%=Echo_Install,Root\ECHO
            [Echo_Install.NT.Wdf]
            KmdfService=echo,echo_service
            """);
        Write(path, "echo/driver.c", """
            #include <ntddk.h>

            NTSTATUS EchoRead(PVOID buffer, ULONG length)
            {
                if (length == 0) {
                    goto Exit;
                }
                __try {
                    RtlZeroMemory(buffer, length);
                } __except (EXCEPTION_EXECUTE_HANDLER) {
                    return STATUS_UNSUCCESSFUL;
                }
            Exit:
                return STATUS_SUCCESS;
            }
            """);
        Write(path, "rust/echo/Cargo.toml", """
            [package]
            name = "echo-rs"
            version = "0.1.0"

            [package.metadata.wdk.driver-model]
            driver-type = "KMDF"

            [lib]
            crate-type = ["cdylib"]
            """);
        Write(path, "rust/echo/echo.inx", """
            [Manufacturer]
            %Mfg%=Standard,NT$ARCH$
            [Standard.NT$ARCH$]
            %Desc%=Echo_Install,Root\ECHO
            """);
        Write(path, "rust/echo/src/lib.rs", """
            fn read(buffer: *mut u8, length: usize) {
                unsafe {
                    core::ptr::write_bytes(buffer, 0, length);
                }
            }
            """);
        Commands.Stage(git, "*");
        var when = new DateTimeOffset(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);
        var author = new Signature("Driver Team", "drivers@example.com", when);
        git.Commit("Echo driver and its Rust port", author, author);
    }

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text.ReplaceLineEndings("\n") + "\n");
    }
}
