using LibGit2Sharp;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Testing;
using MigrationTracker.Workers.Scanning;

namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>
/// Scans of commits read from a real git repository: the first commit holds only the C driver, the
/// second adds the Rust port and a third goto to driver.c.
/// </summary>
public sealed class GitScanTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new("mt-scan-git");
    private readonly string _work;
    private readonly string _bare;
    private readonly string _first;
    private readonly string _second;

    public GitScanTests()
    {
        _work = _folder.Combine("work");
        _bare = _folder.Combine("bare.git");
        Repository.Init(_work);
        using (var repository = new Repository(_work))
        {
            var author = new Signature("Driver Team", "team@example.com", new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
            EchoFixture.WriteText(_work, EchoFixture.CProject, EchoFixture.Vcxproj);
            EchoFixture.WriteText(_work, EchoFixture.CInf, EchoFixture.Inx);
            EchoFixture.WriteText(_work, EchoFixture.DriverC, EchoFixture.Driver);
            EchoFixture.WriteText(_work, EchoFixture.QueueC, EchoFixture.Queue);
            EchoFixture.WriteText(_work, EchoFixture.DeviceH, EchoFixture.Device);
            Commands.Stage(repository, "*");
            _first = repository.Commit("Echo driver in C", author, author).Sha;

            EchoFixture.Write(_work);
            EchoFixture.WriteText(_work, EchoFixture.DriverC, EchoFixture.Driver.Replace(
                "    EchoDeviceCount++;\n",
                "    EchoDeviceCount++;\n    goto Exit;\n",
                StringComparison.Ordinal));
            Commands.Stage(repository, "*");
            var later = new Signature(author.Name, author.Email, author.When.AddDays(1));
            _second = repository.Commit("Rust port of echo", later, later).Sha;
        }

        Repository.Clone(_work, _bare, new CloneOptions { IsBare = true });
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_first_commit_holds_only_the_C_driver()
    {
        var report = ScanCommand.Scan(_work, _first, new ScanOptions());

        report.Commit.ShouldBe(_first);
        report.Languages.ShouldBe(
        [
            new LanguageTotals("C", 2, 13, 7, 56),
            new LanguageTotals("C/C++ Header", 1, 5, 0, 18),
        ]);
        report.Drivers.Select(d => d.Path).ShouldBe([EchoFixture.CProject]);
        report.Drivers[0].SuggestedCounterpart.ShouldBeNull();
    }

    [Fact]
    public void Head_adds_the_Rust_port_and_a_goto()
    {
        var report = ScanCommand.Scan(_work, "HEAD", new ScanOptions());

        report.Commit.ShouldBe(_second);
        report.Languages.ShouldBe(
        [
            new LanguageTotals("C", 2, 13, 7, 57),
            new LanguageTotals("Rust", 2, 6, 4, 38),
            new LanguageTotals("C/C++ Header", 1, 5, 0, 18),
        ]);
        report.Drivers.Select(d => d.Path).ShouldBe([EchoFixture.CargoToml, EchoFixture.CProject], ignoreOrder: true);
        var c = report.Drivers.Single(d => d.Path == EchoFixture.CProject);
        c.SuggestedCounterpart.ShouldBe(EchoFixture.CargoToml);
        c.Readiness.ShouldNotBeNull().Factors.Single(f => f.Id == "goto").EvidenceCount.ShouldBe(3);
    }

    [Fact]
    public void A_commit_scan_equals_the_scan_of_its_checked_out_folder()
    {
        var fromGit = ScanCommand.Scan(_work, "HEAD", new ScanOptions());
        var fromFolder = ScanCommand.Scan(_work, null, new ScanOptions());

        ScanJson.Serialize(fromGit with { Commit = null }).ShouldBe(ScanJson.Serialize(fromFolder));
    }

    [Fact]
    public async Task A_bare_clone_gives_the_same_report_as_the_repository_with_a_working_tree()
    {
        var work = await ScanRun.RunAsync(_work, "--commit", "HEAD", "--format", "json");
        var bare = await ScanRun.RunAsync(_bare, "--commit", "HEAD", "--format", "json");

        work.ExitCode.ShouldBe(0, work.Error);
        bare.ExitCode.ShouldBe(0, bare.Error);
        bare.Output.ShouldBe(work.Output);
        bare.Output.ShouldContain(_second);
    }

    [Fact]
    public async Task A_bare_clone_can_be_scanned_at_an_older_commit_by_its_id()
    {
        var run = await ScanRun.RunAsync(_bare, "--commit", _first[..10], "--format", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain(_first);
        run.Output.ShouldNotContain(EchoFixture.CargoToml);
    }

    [Theory]
    [InlineData("no-such-branch")]
    [InlineData("HEAD~5")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    public async Task An_unknown_revision_is_refused_with_a_message_naming_it(string revision)
    {
        var run = await ScanRun.RunAsync(_work, "--commit", revision);

        run.ExitCode.ShouldBe(1, run.Error);
        run.Error.ShouldContain(revision);
        run.Error.ShouldContain("names no commit");
        run.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_message_for_an_unknown_revision_does_not_leak_a_method_parameter_name()
    {
        var run = await ScanRun.RunAsync(_work, "--commit", "no-such-branch");

        run.Error.ShouldNotContain("(Parameter", Case.Sensitive, "the user gave --commit, not a parameter of a method");
    }

    [Fact]
    public async Task An_empty_revision_is_refused_with_a_message_about_the_commit_option()
    {
        var run = await ScanRun.RunAsync(_work, "--commit", "");

        run.ExitCode.ShouldBe(1, run.Error);
        run.Error.ShouldContain("commit");
        run.Error.ShouldNotContain("objectish", Case.Sensitive, "a LibGit2Sharp parameter name tells the user nothing");
        run.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_folder_that_is_no_repository_is_refused_when_a_commit_is_asked_for()
    {
        var plain = _folder.Combine("plain");
        EchoFixture.Write(plain);

        var run = await ScanRun.RunAsync(plain, "--commit", "HEAD");

        run.ExitCode.ShouldBe(1, run.Error);
        run.Error.ShouldContain(plain);
        run.Error.ShouldContain("is not a git repository");
        run.Output.ShouldBeEmpty();
    }
}
