using MigrationTracker.Core.Domain;

namespace MigrationTracker.Core.Tests.Domain;

public sealed class MigrationStageNamesTests
{
    public static TheoryData<MigrationStage> Stages => new(Enum.GetValues<MigrationStage>());

    [Theory]
    [MemberData(nameof(Stages))]
    public void Every_stage_reads_as_words_in_sentence_case(MigrationStage stage)
    {
        var name = stage.DisplayName();

        // An enum name that fell through (InProgress, WontMigrate) would show a capital inside the words.
        name.ShouldNotBeNullOrWhiteSpace();
        char.IsUpper(name[0]).ShouldBeTrue(name);
        name[1..].ShouldNotContain(c => char.IsUpper(c), name);
    }

    [Fact]
    public void No_two_stages_share_a_name()
    {
        var names = Enum.GetValues<MigrationStage>().Select(s => s.DisplayName()).ToList();

        names.ShouldBeUnique();
        names.ShouldBe(["Not started", "Planned", "In progress", "Migrated", "Won't migrate"]);
    }
}
