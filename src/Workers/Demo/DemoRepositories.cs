using System.Globalization;
using System.Text;
using LibGit2Sharp;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Storage;
using MigrationTracker.Workers.Sync;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Workers.Demo;

/// <summary>
/// A demo portfolio made the way a real one is: synthetic driver repositories written from the
/// templates below (KMDF and WDM drivers in C whose gotos and structured exception handling fade
/// out over the year, Rust ports appearing and their unsafe code shrinking), with a year of weekly
/// commits, registered as local repositories and backfilled by the ordinary jobs. Every number the
/// dashboard then shows is traceable to a file and line of these repositories.
/// </summary>
public sealed class DemoRepositories(StorageSettings storage, IDbContextFactory<TrackerDbContext> contextFactory, Backfills backfills, SyncSchedules schedules, TimeProvider clock)
{
    /// <summary>The folder under the data folder that holds the demo's repositories.</summary>
    public const string FolderName = "demo";

    private static readonly string[] Teams = ["Storage", "Networking", "Input"];

    /// <summary>Writes the repositories, registers them and queues their weekly backfills. Returns the repositories' ids.</summary>
    public async Task<IReadOnlyList<int>> CreateAsync(int repositories = 3, int driversPerRepository = 4, int weeks = 52, CancellationToken cancellationToken = default)
    {
        var root = Path.Combine(storage.DataDirectory, FolderName);
        var now = clock.GetUtcNow();
        var ids = new List<int>();
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        for (var r = 0; r < repositories; r++)
        {
            var name = $"demo-{Teams[r % Teams.Length].ToLowerInvariant()}-drivers";
            var path = Path.Combine(root, name);
            if (!Directory.Exists(path))
            {
                Write(path, r, driversPerRepository, weeks, now);
            }

            var team = await context.Teams.SingleOrDefaultAsync(t => t.Name == Teams[r % Teams.Length], cancellationToken)
                ?? context.Teams.Add(new Team { Name = Teams[r % Teams.Length], Slug = Teams[r % Teams.Length].ToLowerInvariant(), CreatedAt = now.UtcDateTime }).Entity;
            var repository = await context.Repositories.SingleOrDefaultAsync(x => x.Location == path, cancellationToken);
            if (repository is null)
            {
                repository = new Core.Domain.Repository { Name = name, Kind = RepositoryKind.LocalPath, Location = path, Team = team, CreatedAt = now.UtcDateTime };
                context.Repositories.Add(repository);
                await context.SaveChangesAsync(cancellationToken);
                schedules.Schedule(repository.Id, repository.SyncIntervalMinutes);
                await backfills.StartAsync(repository.Id, since: null, BackfillGranularity.Weekly, cancellationToken);
            }

            ids.Add(repository.Id);
        }

        return ids;
    }

    private static void Write(string path, int repository, int drivers, int weeks, DateTimeOffset now)
    {
        Directory.CreateDirectory(path);
        LibGit2Sharp.Repository.Init(path);
        using var git = new LibGit2Sharp.Repository(path);
        for (var week = 0; week < weeks; week++)
        {
            for (var d = 0; d < drivers; d++)
            {
                var name = $"drv{repository}{d}";
                var folder = $"drivers/{name}";
                File(path, $"{folder}/{name}.vcxproj", Project(name, wdm: d % 3 == 2));
                File(path, $"{folder}/{name}.inf", Inf(name));
                File(path, $"{folder}/{name}.h", Header(name));
                File(path, $"{folder}/driver.c", Source(name, Progress(d, week, weeks)));

                // Some drivers gain a Rust port during the year; its unsafe code shrinks as the port matures.
                var portWeek = (d * 11 + repository * 7) % weeks;
                if (d % 2 == 0 && week >= portWeek)
                {
                    File(path, $"rust/{name}/Cargo.toml", Cargo(name));
                    File(path, $"rust/{name}/{name}.inx", Inf(name));
                    File(path, $"rust/{name}/src/lib.rs", Rust(name, week - portWeek));
                }
            }

            Commands.Stage(git, "*");
            var when = now.AddDays(-7 * (weeks - week)).AddHours(repository);
            var author = new Signature("Demo Driver Team", "drivers@example.com", when);
            git.Commit($"Week {week + 1}: driver work", author, author, new CommitOptions { AllowEmptyCommit = true });
        }
    }

    /// <summary>0 at the start of the year, 1 at its end, a little later for each driver.</summary>
    private static double Progress(int driver, int week, int weeks) => Math.Clamp((week - driver * 3) / (double)weeks * 1.3, 0, 1);

    private static void File(string root, string relative, string text)
    {
        var full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, text.ReplaceLineEndings("\n"));
    }

    private static string Project(string name, bool wdm) => $"""
        <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
          <PropertyGroup>
            <TargetName>{name}</TargetName>
            <ConfigurationType>Driver</ConfigurationType>
            <DriverType>{(wdm ? "WDM" : "KMDF")}</DriverType>
          </PropertyGroup>
          <ItemGroup><ClCompile Include="driver.c" /></ItemGroup>
        </Project>
        """;

    private static string Inf(string name) => $"""
        [Manufacturer]
        %Mfg%=Standard,NT$ARCH$
        [Standard.NT$ARCH$]
        %Desc%={name}_Install,Root\{name.ToUpperInvariant()}
        [{name}_Install.NT.Wdf]
        KmdfService={name},{name}_Service
        """;

    private static string Header(string name) => $$"""
        #pragma once
        #include <ntddk.h>

        typedef struct _{{name.ToUpperInvariant()}}_CONTEXT {
            ULONG Flags : 4;
            LIST_ENTRY Pending;
            KSPIN_LOCK Lock;
        } {{name.ToUpperInvariant()}}_CONTEXT;

        DRIVER_INITIALIZE DriverEntry;
        """;

    /// <summary>A driver whose gotos and SEH blocks are refactored away as <paramref name="progress"/> goes from 0 to 1.</summary>
    private static string Source(string name, double progress)
    {
        var text = new StringBuilder($"#include \"{name}.h\"\n\nULONG g_{name}Requests;\n\n");
        var functions = 6;
        for (var f = 0; f < functions; f++)
        {
            var cleaned = f < progress * functions;
            text.Append(CultureInfo.InvariantCulture, $"NTSTATUS\n{name}Handle{f}(PVOID buffer, ULONG length)\n{{\n    NTSTATUS status = STATUS_SUCCESS;\n");
            if (cleaned)
            {
                text.Append("    if (length == 0) {\n        return STATUS_INVALID_PARAMETER;\n    }\n    RtlZeroMemory(buffer, length);\n");
            }
            else
            {
                text.Append("    if (length == 0) {\n        goto Exit;\n    }\n    __try {\n        RtlZeroMemory(buffer, length);\n    } __except (EXCEPTION_EXECUTE_HANDLER) {\n        status = GetExceptionCode();\n    }\nExit:\n");
            }

            text.Append("    return status;\n}\n\n");
        }

        return text.ToString();
    }

    private static string Cargo(string name) => $"""
        [package]
        name = "{name}-rs"
        version = "0.1.0"

        [package.metadata.wdk.driver-model]
        driver-type = "KMDF"

        [lib]
        crate-type = ["cdylib"]
        """;

    /// <summary>A Rust port whose unsafe blocks give way to safe wrappers as it ages.</summary>
    private static string Rust(string name, int age)
    {
        var text = new StringBuilder($"//! {name} ported to Rust\n\n");
        for (var f = 0; f < 6; f++)
        {
            var safe = f < age / 6;
            text.Append(CultureInfo.InvariantCulture, $"fn handle_{f}(buffer: &mut [u8]) -> usize {{\n");
            text.Append(safe
                ? "    buffer.fill(0);\n    buffer.len()\n}\n\n"
                : "    unsafe {\n        core::ptr::write_bytes(buffer.as_mut_ptr(), 0, buffer.len());\n    }\n    buffer.len()\n}\n\n");
        }

        return text.ToString();
    }
}
