using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Scoring;

/// <summary>What a policy change would do to each driver, shown on the Settings page before the new policy is saved.</summary>
public static class ReadinessPreview
{
    /// <summary>Scores every profile under both policies, in the order given.</summary>
    public static IReadOnlyList<ReadinessChange> Compare(
        IEnumerable<(string DriverName, CDriverProfile Profile)> drivers, ReadinessPolicy oldPolicy, ReadinessPolicy newPolicy)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        ArgumentNullException.ThrowIfNull(oldPolicy);
        ArgumentNullException.ThrowIfNull(newPolicy);
        return
        [
            .. drivers.Select(driver =>
            {
                var before = ReadinessScorer.Score(driver.Profile, oldPolicy);
                var after = ReadinessScorer.Score(driver.Profile, newPolicy);
                return new ReadinessChange(driver.DriverName, before.Score, before.Band, after.Score, after.Band);
            }),
        ];
    }
}

/// <summary>One driver's score and band under the old and the new policy (full precision; round for display).</summary>
public sealed record ReadinessChange(string DriverName, double OldScore, ReadinessBand OldBand, double NewScore, ReadinessBand NewBand)
{
    public double Delta => NewScore - OldScore;

    public bool BandChanged => OldBand != NewBand;
}
