namespace MigrationTracker.Workers.Tests.Faults;

/// <summary>
/// The fault tests run one after another: each starts product processes and times a fault against
/// them, which a 2-core machine running several at once would blur.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultTests
{
    public const string Name = "Faults";
}
