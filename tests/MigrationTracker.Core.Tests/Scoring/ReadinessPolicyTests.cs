using MigrationTracker.Core.Analysis;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Scoring;

namespace MigrationTracker.Core.Tests.Scoring;

public sealed class ReadinessPolicyTests
{
    [Fact]
    public void The_default_policy_round_trips_through_its_JSON_document()
    {
        var json = ReadinessPolicy.Default.ToJson();

        var parsed = ReadinessPolicy.Parse(json);

        parsed.ToJson().ShouldBe(json);
        parsed.Version.ShouldBe(1);
        parsed.Factors.Keys.ShouldBe(ReadinessPolicy.Default.Factors.Keys);
        parsed.Factor(ReadinessFactors.StructuredExceptionHandling).BlockAtOrAbove.ShouldBe(20);
    }

    [Fact]
    public void The_document_uses_names_an_administrator_can_read()
    {
        var json = ReadinessPolicy.Default.ToJson();

        json.ShouldContain("\"readyAtLeast\": 70");
        json.ShouldContain("\"needsWorkAtLeast\": 40");
        json.ShouldContain("\"structuredExceptionHandling\": {");
        json.ShouldContain("\"Ndis\": {");
        json.ShouldContain("\"blocks\": true");
    }

    [Fact]
    public void Parse_lists_every_problem_each_naming_its_field()
    {
        var json = """
            {
              "version": 2,
              "bands": { "readyAtLeast": 40, "needsWorkAtLeast": 70 },
              "factors": {
                "gotto": { "weight": 3 },
                "frameworkSupport": { "weight": 0, "blockAtOrAbove": 1 },
                "goto": { "weight": -1, "noPenaltyAt": 10, "fullPenaltyAt": 5 }
              },
              "frameworkSupport": { "models": {}, "frameworks": { "Ndiss": { "penalty": 1 }, "Hid": { "penalty": 2 } } }
            }
            """;

        var error = Should.Throw<PolicyValidationException>(() => ReadinessPolicy.Parse(json));

        error.Problems.ShouldBe(
        [
            "bands: needsWorkAtLeast (70) must be below readyAtLeast (40).",
            "factors.gotto: unknown factor. Known factors: " + string.Join(", ", ReadinessFactors.All) + ".",
            "factors.goto.weight: must be zero or more (found -1).",
            "factors.goto: fullPenaltyAt (5) must be above noPenaltyAt (10).",
            "factors.frameworkSupport.blockAtOrAbove: not used; frameworkSupport.models and frameworkSupport.frameworks decide what blocks.",
            "factors: the weights sum to 0; give at least one factor a positive weight.",
            "frameworkSupport.frameworks.Ndiss: unknown name. Known names: " + string.Join(", ", Enum.GetNames<DriverFramework>()) + ".",
            "frameworkSupport.frameworks.Hid.penalty: must be between 0 and 1 (found 2).",
        ]);
        error.Message.ShouldContain("- factors.gotto: unknown factor");
    }

    [Fact]
    public void A_misspelt_field_is_refused_rather_than_ignored()
    {
        var json = ReadinessPolicy.Default.ToJson().Replace("\"minimumPenalty\"", "\"minimalPenalty\"", StringComparison.Ordinal);

        var error = Should.Throw<PolicyValidationException>(() => ReadinessPolicy.Parse(json));

        error.Message.ShouldContain("minimalPenalty");
    }

    [Theory]
    [InlineData("{ not json", "LineNumber")]
    [InlineData("null", "The document is null")]
    [InlineData("""{ "version": 1, "factors": {}, "frameworkSupport": { "models": {}, "frameworks": {} } }""", "bands")]
    public void A_document_that_cannot_be_read_is_refused_with_the_reason(string json, string expected)
    {
        var error = Should.Throw<PolicyValidationException>(() => ReadinessPolicy.Parse(json));

        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void A_factor_left_out_of_the_document_is_not_scored()
    {
        var json = """
            {
              "version": 7,
              "bands": { "readyAtLeast": 80, "needsWorkAtLeast": 50 },
              "factors": { "goto": { "weight": 1, "noPenaltyAt": 0, "fullPenaltyAt": 10 } },
              "frameworkSupport": { "models": {}, "frameworks": {} }
            }
            """;
        var policy = ReadinessPolicy.Parse(json);
        var profile = Profiles.Driver(DriverModel.Kmdf, cCodeLines: 1_000)
            .With(CConstruct.Goto, 4)
            .With(CConstruct.StructuredExceptionHandling, 50);

        var result = ReadinessScorer.Score(profile, policy);

        // goto is the only factor: 4 per 1,000 lines is 0.4 of the whole score.
        result.Score.ShouldBe(60, 1e-9);
        result.Band.ShouldBe(ReadinessBand.NeedsWork);
        result.PolicyVersion.ShouldBe(7);
    }
}
