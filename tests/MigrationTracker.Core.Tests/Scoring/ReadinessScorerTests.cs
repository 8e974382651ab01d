using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Scoring;

namespace MigrationTracker.Core.Tests.Scoring;

// Expected scores are worked out by hand from the default policy's numbers (weights sum to 100,
// so a factor at full penalty takes off exactly its weight).
public sealed class ReadinessScorerTests
{
    private const double Precision = 1e-9;

    private static readonly ReadinessPolicy Policy = ReadinessPolicy.Default;

    [Fact]
    public void A_small_clean_KMDF_driver_is_Ready_with_the_score_the_policy_numbers_give()
    {
        var profile = Profiles.Driver(DriverModel.Kmdf, cCodeLines: 600)
            .With(CConstruct.CallbackRole, 6)
            .With(CConstruct.FunctionLikeMacro, 2)
            .With(CConstruct.Goto, 1)
            .WithFunctions(3, 5, 8, 12);

        var result = ReadinessScorer.Score(profile, Policy);

        // Only goto costs anything: 1 per 600 lines = 1.67 per 1,000, a sixth of the way to the full penalty at 10.
        var gotoPenalty = (1 * 1000.0 / 600) / 10;
        result.Score.ShouldBe(100 - (4 * gotoPenalty), Precision);
        result.Band.ShouldBe(ReadinessBand.Ready);
        result.BlockingReasons.ShouldBeEmpty();
        result.PolicyVersion.ShouldBe(1);
        Factor(result, ReadinessFactors.FrameworkSupport).Explanation.ShouldBe("KMDF drivers are supported by windows-drivers-rs.");
    }

    [Fact]
    public void An_NDIS_driver_is_Blocked_with_the_NDIS_reason_even_when_the_rest_scores_well()
    {
        var profile = Profiles.Driver(DriverModel.Wdm, cCodeLines: 1_000, DriverFramework.Ndis);

        var result = ReadinessScorer.Score(profile, Policy);

        result.Score.ShouldBe(80, Precision);
        result.Band.ShouldBe(ReadinessBand.Blocked);
        result.BlockingReasons.ShouldBe(["NDIS drivers are not yet supported by windows-drivers-rs."]);
        Factor(result, ReadinessFactors.FrameworkSupport).Penalty.ShouldBe(1);
    }

    [Fact]
    public void A_UMDF_1_driver_is_Blocked_while_the_same_driver_on_UMDF_2_is_Ready()
    {
        var umdf2 = Profiles.Driver(DriverModel.Umdf, cCodeLines: 800) with { UmdfVersionMajor = 2 };
        var umdf1 = umdf2 with { UmdfVersionMajor = 1 };

        ReadinessScorer.Score(umdf2, Policy).Band.ShouldBe(ReadinessBand.Ready);
        var blocked = ReadinessScorer.Score(umdf1, Policy);
        blocked.Band.ShouldBe(ReadinessBand.Blocked);
        blocked.BlockingReasons.ShouldHaveSingleItem().ShouldStartWith("UMDF 1 drivers are not supported by windows-drivers-rs");
    }

    [Fact]
    public void An_SEH_heavy_storage_driver_is_Blocked_by_the_SEH_limit_and_loses_the_whole_SEH_weight()
    {
        var profile = Profiles.Driver(DriverModel.Wdm, cCodeLines: 9_000) with { HeaderCodeLines = 1_000 };
        profile = profile
            .With(CConstruct.StructuredExceptionHandling, 30)
            .With(CConstruct.WppTracing, 40)
            .With(CConstruct.Goto, 50);

        var result = ReadinessScorer.Score(profile, Policy);

        // SEH 30 >= 10: full 15. Size (10,000 - 1,000) / (30,000 - 1,000) of 8. WPP 40/100 = 0.4, raised to the 0.5 minimum, of 5. goto 5 per 1,000 = half of 4.
        var expected = 100 - 15 - (8 * 9_000.0 / 29_000) - (5 * 0.5) - (4 * 0.5);
        result.Score.ShouldBe(expected, Precision);
        result.Band.ShouldBe(ReadinessBand.Blocked);
        result.BlockingReasons.ShouldBe(["Structured exception handling (SEH): 30 blocks, at or above the policy's blocking limit of 20."]);
        var seh = Factor(result, ReadinessFactors.StructuredExceptionHandling);
        seh.Contribution.ShouldBe(15, Precision);
        seh.Explanation.ShouldBe("30 SEH blocks (__try/__except): Rust has no structured exception handling; each needs a redesign.");
    }

    [Fact]
    public void A_single_SEH_block_already_costs_half_the_SEH_weight()
    {
        var profile = Profiles.Driver(DriverModel.Kmdf, cCodeLines: 900).With(CConstruct.StructuredExceptionHandling, 1);

        var result = ReadinessScorer.Score(profile, Policy);

        result.Score.ShouldBe(100 - 7.5, Precision);
        result.Band.ShouldBe(ReadinessBand.Ready);
    }

    [Fact]
    public void A_driver_with_many_hard_constructs_but_nothing_blocking_Needs_work()
    {
        var profile = (Profiles.Driver(DriverModel.Miniport, cCodeLines: 15_000) with { CppCodeLines = 15_000 })
            .With(CConstruct.Goto, 300)
            .With(CConstruct.FunctionLikeMacro, 1_200)
            .With(CConstruct.PointerCast, 1_500);

        var result = ReadinessScorer.Score(profile, Policy);

        // Miniport 0.6 of 20, and full penalties for size (8), C++ half the code (8), goto 10/1k (4), macros 40/1k (6), casts 50/1k (6).
        result.Score.ShouldBe(100 - 12 - 8 - 8 - 4 - 6 - 6, Precision);
        result.Band.ShouldBe(ReadinessBand.NeedsWork);
        result.BlockingReasons.ShouldBeEmpty();
    }

    [Fact]
    public void A_driver_whose_score_falls_below_the_Needs_work_band_is_Blocked_and_says_so()
    {
        var profile = (Profiles.Driver(DriverModel.Miniport, cCodeLines: 15_000) with { CppCodeLines = 15_000 })
            .With(CConstruct.Goto, 300)
            .With(CConstruct.FunctionLikeMacro, 1_200)
            .With(CConstruct.PointerCast, 1_500)
            .With(CConstruct.CallbackRole, 60)
            .With(CConstruct.SpinLock, 900)
            .With(CConstruct.Bitfield, 300)
            .With(CConstruct.MutableGlobal, 30)
            .WithFunctions(40, 40, 3, 3);

        var result = ReadinessScorer.Score(profile, Policy);

        // As above (44 points) plus full complexity (8), callbacks (5), IRQL (5), bitfields (4) and globals (4).
        result.Score.ShouldBe(100 - 44 - 8 - 5 - 5 - 4 - 4, Precision);
        result.Band.ShouldBe(ReadinessBand.Blocked);
        result.BlockingReasons.ShouldBe(["The score, 30.0, is below 40, the lowest score of the Needs work band."]);
    }

    [Fact]
    public void A_profile_without_code_lines_is_not_scored()
    {
        var result = ReadinessScorer.Score(Profiles.Driver(DriverModel.Kmdf, cCodeLines: 0), Policy);

        result.Band.ShouldBe(ReadinessBand.None);
    }

    public static TheoryData<CConstruct> AllConstructs() => [.. Enum.GetValues<CConstruct>()];

    [Theory]
    [MemberData(nameof(AllConstructs))]
    public void More_of_any_construct_never_raises_the_score(CConstruct construct)
    {
        var baseline = Profiles.Driver(DriverModel.Kmdf, cCodeLines: 5_000);
        var scores = new[] { 0, 1, 2, 5, 10, 25, 50, 100, 250, 1_000 }
            .Select(count => ReadinessScorer.Score(baseline.With(construct, count), Policy).Score)
            .ToList();

        scores.Zip(scores.Skip(1)).ShouldAllBe(pair => pair.Second <= pair.First);
    }

    [Fact]
    public void Contributions_add_up_to_100_minus_the_score()
    {
        var profile = (Profiles.Driver(DriverModel.Wdm, cCodeLines: 7_321, DriverFramework.Usb) with { CppCodeLines = 1_234, HeaderCodeLines = 987 })
            .With(CConstruct.StructuredExceptionHandling, 3)
            .With(CConstruct.Goto, 17)
            .With(CConstruct.Union, 4)
            .With(CConstruct.ConditionalDirective, 77)
            .With(CConstruct.MutableGlobal, 9)
            .With(CConstruct.SpinLock, 13)
            .With(CConstruct.CallbackRole, 23)
            .WithFunctions(2, 17, 31, 4, 9, 16);

        var result = ReadinessScorer.Score(profile, Policy);

        result.Factors.Sum(factor => factor.Contribution).ShouldBe(100 - result.Score, Precision);
        result.Factors.Select(factor => factor.Id).ShouldBe(ReadinessFactors.All);
        result.Factors.ShouldAllBe(factor => factor.Penalty >= 0 && factor.Penalty <= 1);
    }

    [Fact]
    public void Raising_a_factor_weight_takes_a_larger_share_of_the_score()
    {
        // 5 goto per 1,000 lines: half the goto penalty.
        var profile = Profiles.Driver(DriverModel.Kmdf, cCodeLines: 1_000).With(CConstruct.Goto, 5);
        var heavierGoto = Policy with
        {
            Factors = new Dictionary<string, FactorPolicy>(Policy.Factors)
            {
                [ReadinessFactors.Goto] = Policy.Factors[ReadinessFactors.Goto] with { Weight = 104 },
            },
        };

        ReadinessScorer.Score(profile, Policy).Score.ShouldBe(100 - (4 * 0.5), Precision);

        // Weights now sum to 200 and goto holds 104 of them.
        ReadinessScorer.Score(profile, heavierGoto).Score.ShouldBe(100 - (104.0 / 200 * 0.5 * 100), Precision);
    }

    [Fact]
    public void Evidence_locations_are_carried_through_capped_at_50_with_the_full_count_kept()
    {
        var profile = (Profiles.Driver(DriverModel.Wdm, cCodeLines: 3_000, DriverFramework.FileSystemMinifilter) with
        {
            FrameworkEvidence = [new SourceLocation("filter.h", 3), new SourceLocation("sources.vcxproj", 40)],
        })
            .With(CConstruct.Goto, 120)
            .WithFunctions(30, 5, 20);

        var result = ReadinessScorer.Score(profile, Policy);

        var gotos = Factor(result, ReadinessFactors.Goto);
        gotos.EvidenceCount.ShouldBe(120);
        gotos.Evidence.Count.ShouldBe(ReadinessScorer.MaxEvidencePerFactor);
        gotos.Evidence[0].ShouldBe(new SourceLocation("driver.c", 1));
        gotos.Evidence[^1].ShouldBe(new SourceLocation("driver.c", 50));
        Factor(result, ReadinessFactors.FrameworkSupport).Evidence.ShouldBe(profile.FrameworkEvidence);

        // The complex functions, most complex first.
        var complexity = Factor(result, ReadinessFactors.Complexity);
        complexity.Evidence.ShouldBe([new SourceLocation("driver.c", 100), new SourceLocation("driver.c", 102)]);
        complexity.MeasuredValue.ShouldBe(200.0 / 3, Precision);
        complexity.Explanation.ShouldContain("Function0, reaches 30");
    }

    [Fact]
    public void Factors_describe_their_measurement_in_words_a_manager_reads()
    {
        var profile = Profiles.Driver(DriverModel.Kmdf, cCodeLines: 5_000)
            .With(CConstruct.Goto, 16)
            .With(CConstruct.WppTracing, 12);

        var result = ReadinessScorer.Score(profile, Policy);

        var gotos = Factor(result, ReadinessFactors.Goto);
        gotos.Measurement.ShouldBe("3.2 per 1,000 code lines");
        gotos.Unit.ShouldBe("per 1,000 code lines");
        gotos.Explanation.ShouldStartWith("16 goto statements (3.2 per 1,000 code lines): ");
        Factor(result, ReadinessFactors.WppTracing).Explanation.ShouldContain("replace with TraceLogging or DbgPrint");
        Factor(result, ReadinessFactors.Size).Measurement.ShouldBe("5,000 code lines");
    }

    private static FactorResult Factor(ReadinessResult result, string id) => result.Factors.Single(factor => factor.Id == id);
}
