using System.Globalization;
using LibGit2Sharp;
using MigrationTracker.Workers.Tests.Scanning;

namespace MigrationTracker.Workers.Tests.ScaleOut;

/// <summary>A repository built commit by commit with dated history, the files kept in memory and written before each commit.</summary>
internal sealed class HistoryBuilder : IDisposable
{
    private readonly Repository _git;
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private DateTimeOffset _time;

    public HistoryBuilder(string path, DateTimeOffset start)
    {
        Path = path;
        Repository.Init(path);
        _git = new Repository(path);
        _time = start;
    }

    public string Path { get; }

    /// <summary>Commits, oldest first, with the driver project files present at each.</summary>
    public List<(string Sha, DateTime Time, string[] Projects)> Commits { get; } = [];

    public IReadOnlyDictionary<string, string> Files => _files;

    public void Write(string relativePath, string text)
    {
        _files[relativePath] = text;
        EchoFixture.WriteText(Path, relativePath, text);
    }

    public void Append(string relativePath, string text) => Write(relativePath, _files[relativePath] + text);

    public void Delete(string relativePath)
    {
        _files.Remove(relativePath);
        File.Delete(System.IO.Path.Combine(Path, relativePath));
    }

    public void Move(string from, string to)
    {
        var text = _files[from];
        Delete(from);
        Write(to, text);
    }

    public string Commit(string message, TimeSpan after)
    {
        _time += after;
        Commands.Stage(_git, "*");
        var signature = new Signature("Driver Team", "team@example.com", _time);
        var sha = _git.Commit(message, signature, signature).Sha;
        var projects = _files.Keys.Where(k => k.EndsWith(".vcxproj", StringComparison.Ordinal) || k.EndsWith("Cargo.toml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Commits.Add((sha, _time.UtcDateTime, projects));
        return sha;
    }

    public void Dispose() => _git.Dispose();
}

/// <summary>Driver repositories with dated histories, built from the echo sample (a KMDF C driver and its Rust port).</summary>
internal static class DriverHistories
{
    private static readonly DateTimeOffset Start = new(2024, 1, 8, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// One of three copies of the echo sample kept by three teams: the same C driver grows the same
    /// way in all three (so two workers meet the same file contents and details at the same time),
    /// each team adds its own queue code, gains the Rust port, and one team renames the crate's folder
    /// while another adds a legacy filter driver and deletes it again.
    /// </summary>
    public static HistoryBuilder Echo(string path, int team, int commits = 15)
    {
        var history = new HistoryBuilder(path, Start.AddHours(team));
        history.Write(EchoFixture.CProject, EchoFixture.Vcxproj);
        history.Write(EchoFixture.CInf, EchoFixture.Inx);
        history.Write(EchoFixture.DriverC, EchoFixture.Driver);
        history.Write(EchoFixture.QueueC, EchoFixture.Queue);
        history.Write(EchoFixture.DeviceH, EchoFixture.Device);
        history.Commit("Echo driver in C", TimeSpan.Zero);

        var rustRoot = "rust/echo";
        for (var i = 1; i < commits; i++)
        {
            history.Append(EchoFixture.DriverC, CFunction("EchoStep", i));
            if (i % 3 == team)
            {
                history.Append(EchoFixture.QueueC, CFunction($"Team{team}Queue", i));
            }

            if (i == 3)
            {
                history.Write(EchoFixture.CargoToml, EchoFixture.Cargo);
                history.Write(EchoFixture.LibRs, EchoFixture.Lib);
                history.Write(EchoFixture.SmokeRs, EchoFixture.Smoke);
                history.Write(EchoFixture.RustInf, EchoFixture.Inx.Replace("KmdfSamples.cat", "echo_rs.cat", StringComparison.Ordinal));
            }
            else if (i > 3)
            {
                history.Append($"{rustRoot}/src/lib.rs", RustFunction($"team{team}_step", i));
            }

            if (team == 1 && i == 8)
            {
                foreach (var file in history.Files.Keys.Where(k => k.StartsWith("rust/echo/", StringComparison.Ordinal)).ToList())
                {
                    history.Move(file, "rust/echo-port/" + file["rust/echo/".Length..]);
                }

                rustRoot = "rust/echo-port";
            }

            if (team == 2 && i == 2)
            {
                history.Write("legacy/filter/filter.vcxproj", EchoFixture.Vcxproj
                    .Replace("<ClCompile Include=\"queue.c\" />", string.Empty, StringComparison.Ordinal)
                    .Replace("echo.inx", "filter.inx", StringComparison.Ordinal));
                history.Write("legacy/filter/driver.c", EchoFixture.Driver + CFunction("FilterStep", i));
                history.Write("legacy/filter/device.h", EchoFixture.Device);
                history.Write("legacy/filter/filter.inx", EchoFixture.Inx.Replace(@"Root\ECHO", @"Root\FILTER", StringComparison.Ordinal).Replace("ECHO", "FILTER", StringComparison.Ordinal));
            }
            else if (team == 2 && i == 9)
            {
                foreach (var file in history.Files.Keys.Where(k => k.StartsWith("legacy/", StringComparison.Ordinal)).ToList())
                {
                    history.Delete(file);
                }
            }

            history.Commit($"Step {i}", TimeSpan.FromDays(1) + TimeSpan.FromMinutes(i * 7));
        }

        return history;
    }

    /// <summary>
    /// A longer history: four C drivers and two Rust crates, every commit adding code to three of
    /// their files, so each commit's scan analyses new contents and takes measurable time.
    /// </summary>
    /// <param name="movingDriver">Also a small C tool driver that moves to a new folder at every commit.</param>
    public static HistoryBuilder Long(string path, int commits = 150, bool movingDriver = false)
    {
        var history = new HistoryBuilder(path, Start);
        for (var k = 0; k < 4; k++)
        {
            var root = $"drivers/d{k}";
            history.Write($"{root}/echo.vcxproj", EchoFixture.Vcxproj);
            history.Write($"{root}/echo.inx", EchoFixture.Inx.Replace(@"Root\ECHO", $@"Root\ECHO{k}", StringComparison.Ordinal).Replace("AddService = ECHO", $"AddService = ECHO{k}", StringComparison.Ordinal));
            history.Write($"{root}/driver.c", EchoFixture.Driver);
            history.Write($"{root}/queue.c", EchoFixture.Queue);
            history.Write($"{root}/device.h", EchoFixture.Device);
        }

        for (var k = 0; k < 2; k++)
        {
            var root = $"rust/d{k}";
            history.Write($"{root}/Cargo.toml", EchoFixture.Cargo.Replace("echo-rs", $"echo{k}-rs", StringComparison.Ordinal));
            history.Write($"{root}/src/lib.rs", EchoFixture.Lib);
        }

        if (movingDriver)
        {
            history.Write("tools/t0/tool.vcxproj", EchoFixture.Vcxproj.Replace("<ClCompile Include=\"queue.c\" />", string.Empty, StringComparison.Ordinal));
            history.Write("tools/t0/driver.c", EchoFixture.Driver);
            history.Write("tools/t0/device.h", EchoFixture.Device);
        }

        history.Commit("Four C drivers and two Rust ports", TimeSpan.Zero);
        for (var i = 1; i < commits; i++)
        {
            if (movingDriver)
            {
                foreach (var file in history.Files.Keys.Where(k => k.StartsWith($"tools/t{i - 1}/", StringComparison.Ordinal)).ToList())
                {
                    history.Move(file, $"tools/t{i}/" + file[$"tools/t{i - 1}/".Length..]);
                }
            }

            history.Append($"drivers/d{i % 4}/driver.c", CFunction("EchoStep", i));
            history.Append($"drivers/d{(i + 1) % 4}/queue.c", CFunction("QueueStep", i));
            history.Append($"rust/d{i % 2}/src/lib.rs", RustFunction("step", i));
            history.Commit($"Step {i}", TimeSpan.FromHours(9) + TimeSpan.FromMinutes(i % 13));
        }

        return history;
    }

    /// <summary>Points the repository's current branch at <paramref name="commit"/>: as if only the commits up to it had been pushed yet.</summary>
    public static void MoveBranch(string path, string commit)
    {
        using var git = new Repository(path);
        git.Refs.UpdateTarget(git.Head.CanonicalName, commit);
    }

    private static string CFunction(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $$"""

            // {{prefix}} {{i}}: walks the device's registers.
            NTSTATUS
            {{prefix}}{{i}}(
                _In_ WDFDEVICE Device,
                _In_ ULONG Count
                )
            {
                NTSTATUS status = STATUS_SUCCESS;
                ULONG index;

                for (index = 0; index < Count; index++) {
                    if (index == {{i % 7}}) {
                        {{(i % 3 == 0 ? "goto Done;" : "break;")}}
                    }
                    status = EchoTouch(Device, index + {{i}});
                }

            Done:
                return status;
            }

            """);

    private static string RustFunction(string prefix, int i) => i % 2 == 0
        ? string.Create(CultureInfo.InvariantCulture, $$"""

            /// Fills a raw buffer ({{i}}).
            pub unsafe fn {{prefix}}_{{i}}(pointer: *mut u8, length: usize) {
                for index in 0..length {
                    unsafe { *pointer.add(index) = {{i % 251}}; }
                }
            }

            """)
        : string.Create(CultureInfo.InvariantCulture, $$"""

            /// Sums a buffer after a step ({{i}}).
            pub fn {{prefix}}_{{i}}(buffer: &mut [u8]) -> usize {
                let mut total = 0usize;
                for byte in buffer.iter_mut() {
                    *byte = byte.wrapping_add({{i % 251}});
                    total += usize::from(*byte);
                }
                total
            }

            """);
}
