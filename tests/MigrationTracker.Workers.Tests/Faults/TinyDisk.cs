using System.ComponentModel;
using System.Diagnostics;

namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// A small disk of a test's own: a tmpfs of a few megabytes mounted on a folder, which other data can
/// fill and free again. Mounting needs root with CAP_SYS_ADMIN; where it is refused (an unprivileged
/// user, a locked-down container) the test is skipped with the reason.
/// </summary>
internal sealed class TinyDisk : IAsyncDisposable
{
    private TinyDisk(string path)
    {
        Path = path;
    }

    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "other-data.bin");

    public long AvailableBytes => new DriveInfo(Path).AvailableFreeSpace;

    public static async Task<TinyDisk> MountAsync(string path, int megabytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        var (code, output) = await RunAsync("mount", ["-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", path], cancellationToken);
        if (code != 0)
        {
            Assert.Skip($"This test needs a small disk of its own, and mounting a {megabytes} MB tmpfs on {path} is not permitted here ({output.Trim()}). It runs as root where mount is allowed (not in a container without CAP_SYS_ADMIN).");
        }

        return new TinyDisk(path);
    }

    /// <summary>Someone else's data takes all but <paramref name="leftBytes"/> of the disk.</summary>
    public async Task FillAllButAsync(long leftBytes, CancellationToken cancellationToken)
    {
        var size = AvailableBytes - leftBytes;
        await using var filler = new FileStream(Filler, FileMode.Create, FileAccess.Write);
        var block = new byte[64 * 1024];
        Random.Shared.NextBytes(block);
        for (long written = 0; written < size; written += block.Length)
        {
            await filler.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, size - written)), cancellationToken);
        }
    }

    /// <summary>That data is deleted again.</summary>
    public void Free() => File.Delete(Filler);

    public async ValueTask DisposeAsync()
    {
        if ((await RunAsync("umount", [Path], CancellationToken.None)).Code != 0)
        {
            // A process under test still holds a file there: detach now, the kernel frees it when the file is closed.
            await RunAsync("umount", ["-l", Path], CancellationToken.None);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await output + await error);
        }
        catch (Win32Exception ex)
        {
            return (-1, $"{program} cannot be started: {ex.Message}");
        }
    }
}
