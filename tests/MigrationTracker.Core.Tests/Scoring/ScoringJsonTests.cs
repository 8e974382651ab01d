using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Scoring;

namespace MigrationTracker.Core.Tests.Scoring;

public sealed class ScoringJsonTests
{
    private static readonly CDriverProfile StoredProfile =
        (Profiles.Driver(DriverModel.Umdf, cCodeLines: 4_000, DriverFramework.Hid) with
        {
            Name = "hidumdf",
            UmdfVersionMajor = 2,
            CppCodeLines = 1_500,
            HeaderCodeLines = 300,
            CppFiles = ["device.cpp", "queue.h"],
            FrameworkEvidence = [new SourceLocation("hidumdf.vcxproj", 52)],
        })
        .With(CConstruct.StructuredExceptionHandling, 2, "device.cpp")
        .With(CConstruct.CppClass, 3, "queue.h")
        .With(CConstruct.WppTracing, 9)
        .WithFunctions(4, 22, 9);

    [Fact]
    public void A_profile_round_trips_through_JSON_with_constructs_keyed_by_name()
    {
        var json = ScoringJson.Serialize(StoredProfile);

        var restored = ScoringJson.DeserializeProfile(json);

        json.ShouldContain("\"StructuredExceptionHandling\":{");
        json.ShouldContain("\"model\":\"Umdf\"");
        json.ShouldContain("\"framework\":\"Hid\"");
        ScoringJson.Serialize(restored).ShouldBe(json);
        restored.Constructs[CConstruct.CppClass].Locations[2].ShouldBe(new SourceLocation("queue.h", 3));
        restored.Functions[1].ShouldBe(StoredProfile.Functions[1]);
        restored.UmdfVersionMajor.ShouldBe(2);
        restored.TotalCodeLines.ShouldBe(5_800);
    }

    [Fact]
    public void Rescoring_a_stored_profile_gives_the_same_result_as_scoring_the_original()
    {
        var restored = ScoringJson.DeserializeProfile(ScoringJson.Serialize(StoredProfile));

        var original = ScoringJson.Serialize(ReadinessScorer.Score(StoredProfile, ReadinessPolicy.Default));
        var rescored = ScoringJson.Serialize(ReadinessScorer.Score(restored, ReadinessPolicy.Default));

        rescored.ShouldBe(original);
    }

    [Fact]
    public void A_result_round_trips_through_JSON_with_its_policy_version_and_band_by_name()
    {
        var ndis = Profiles.Driver(DriverModel.Wdm, cCodeLines: 2_000, DriverFramework.Ndis).With(CConstruct.Goto, 70);
        var result = ReadinessScorer.Score(ndis, ReadinessPolicy.Default);

        var json = ScoringJson.Serialize(result);
        var restored = ScoringJson.DeserializeResult(json);

        json.ShouldContain("\"policyVersion\":1");
        json.ShouldContain("\"band\":\"Blocked\"");
        ScoringJson.Serialize(restored).ShouldBe(json);
        restored.Score.ShouldBe(result.Score);
        restored.BlockingReasons.ShouldBe(result.BlockingReasons);
        restored.Factors.Single(factor => factor.Id == ReadinessFactors.Goto).Evidence.Count.ShouldBe(50);
    }
}
