namespace MigrationTracker.Core.Jobs;

/// <summary>
/// A diagnostic job: records which job server ran it. The Settings page and the health tooling
/// use it to prove that a worker picks up work from the shared job storage.
/// </summary>
public interface IWorkerProbeJob
{
    Task RunAsync(Guid probeId, CancellationToken cancellationToken);
}
