namespace MigrationTracker.Core.Tests.Portfolio;

/// <summary>A clock that stands still at the given time.</summary>
internal sealed class FixedTime(DateTime utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc));
}
