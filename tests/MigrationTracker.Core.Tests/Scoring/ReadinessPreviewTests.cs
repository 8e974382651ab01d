using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Scoring;

namespace MigrationTracker.Core.Tests.Scoring;

public sealed class ReadinessPreviewTests
{
    [Fact]
    public void The_preview_shows_each_drivers_old_and_new_score_band_and_delta()
    {
        var old = ReadinessPolicy.Default;
        var stricter = old with
        {
            Version = 2,
            Bands = new BandThresholds(ReadyAtLeast: 99, NeedsWorkAtLeast: 40),
            Factors = new Dictionary<string, FactorPolicy>(old.Factors)
            {
                [ReadinessFactors.Goto] = old.Factors[ReadinessFactors.Goto] with { Weight = 104 },
            },
        };
        (string, CDriverProfile)[] drivers =
        [
            ("gotoheavy", Profiles.Driver(DriverModel.Kmdf, cCodeLines: 1_000).With(CConstruct.Goto, 5)),
            ("clean", Profiles.Driver(DriverModel.Kmdf, cCodeLines: 1_000)),
        ];

        var changes = ReadinessPreview.Compare(drivers, old, stricter);

        changes.Select(change => change.DriverName).ShouldBe(["gotoheavy", "clean"]);

        // Half the goto penalty: 4 of 100 points before, 104 of 200 after.
        var gotoHeavy = changes[0];
        gotoHeavy.OldScore.ShouldBe(98, 1e-9);
        gotoHeavy.NewScore.ShouldBe(74, 1e-9);
        gotoHeavy.Delta.ShouldBe(-24, 1e-9);
        (gotoHeavy.OldBand, gotoHeavy.NewBand).ShouldBe((ReadinessBand.Ready, ReadinessBand.NeedsWork));
        gotoHeavy.BandChanged.ShouldBeTrue();

        var clean = changes[1];
        (clean.OldScore, clean.NewScore, clean.Delta).ShouldBe((100.0, 100.0, 0.0));
        clean.BandChanged.ShouldBeFalse();
    }
}
