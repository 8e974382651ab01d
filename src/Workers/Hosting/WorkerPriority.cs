using System.Diagnostics;

namespace MigrationTracker.Workers.Hosting;

/// <summary>
/// Worker processes run below normal CPU priority by default, so that scans and backfills on a machine shared with the
/// web process take the spare CPU and people browsing the dashboard do not queue behind them. Setting
/// <c>Jobs__ProcessPriority</c> (environment) to <c>Normal</c> turns it off; <c>Idle</c> yields even more.
/// </summary>
public static class WorkerPriority
{
    public const string Variable = "Jobs__ProcessPriority";

    public static void Apply(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var setting = Environment.GetEnvironmentVariable(Variable);
        var priority = ProcessPriorityClass.BelowNormal;
        if (!string.IsNullOrWhiteSpace(setting)
            && !(Enum.TryParse(setting, ignoreCase: true, out priority) && priority is ProcessPriorityClass.Normal or ProcessPriorityClass.BelowNormal or ProcessPriorityClass.Idle))
        {
            error.WriteLine($"{Variable} '{setting}' is not Normal, BelowNormal or Idle; running at BelowNormal.");
            priority = ProcessPriorityClass.BelowNormal;
        }

        try
        {
            using var process = Process.GetCurrentProcess();
            process.PriorityClass = priority;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or PlatformNotSupportedException or InvalidOperationException)
        {
            // Lowering is always allowed; anything else (a container that forbids it) leaves the priority as it was.
        }
    }
}
