using System.ComponentModel.DataAnnotations;
using MigrationTracker.Core.Jobs;

namespace MigrationTracker.Workers.Hosting;

/// <summary>Settings of the job server (section <c>Jobs</c>).</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Whether this process runs a job server. The web process does by default, so one process is the whole product.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Jobs this process runs at once.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Queues this process takes jobs from.</summary>
    [MinLength(1)]
    public string[] Queues { get; set; } = JobQueues.All;

    /// <summary>Name shown in the job dashboard; defaults to machine name and process id.</summary>
    public string? ServerName { get; set; }

    /// <summary>How often a worker process checks whether the web process has brought the schema up to date.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SchemaPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>PostgreSQL job storage: how long before another worker takes over the job of a worker that died.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "06:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public string EffectiveServerName => string.IsNullOrWhiteSpace(ServerName)
        ? $"{Environment.MachineName}:{Environment.ProcessId}"
        : ServerName;
}
