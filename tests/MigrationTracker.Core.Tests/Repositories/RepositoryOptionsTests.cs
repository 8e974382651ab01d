using MigrationTracker.Core.Repositories;

namespace MigrationTracker.Core.Tests.Repositories;

public sealed class RepositoryOptionsTests
{
    [Fact]
    public void Without_settings_https_and_ssh_are_allowed_and_the_home_srv_git_and_temp_folders_are_roots()
    {
        var options = new RepositoryOptions();

        options.EffectiveAllowedSchemes.ShouldBe(["https", "ssh"]);
        options.EffectiveLocalRoots.ShouldContain("/srv/git");
        options.EffectiveLocalRoots.ShouldContain(Path.TrimEndingDirectorySeparator(Path.GetTempPath()));
        options.Problems().ShouldBeEmpty();
    }

    [Fact]
    public void None_turns_local_paths_off() =>
        new RepositoryOptions { LocalRoots = ["none"] }.EffectiveLocalRoots.ShouldBeEmpty();

    [Fact]
    public void Configured_lists_replace_the_defaults()
    {
        var options = new RepositoryOptions { AllowedSchemes = ["HTTPS"], LocalRoots = ["/data/repos"] };

        options.EffectiveAllowedSchemes.ShouldBe(["https"]);
        options.EffectiveLocalRoots.ShouldBe(["/data/repos"]);
    }

    [Fact]
    public void An_unknown_scheme_and_a_relative_root_are_reported_naming_the_setting() =>
        new RepositoryOptions { AllowedSchemes = ["ext"], LocalRoots = ["repos"] }.Problems().ShouldBe([
            "Repositories:AllowedSchemes contains 'ext', which git cannot be fetched over here. Known schemes: https, http, ssh, git.",
            "Repositories:LocalRoots contains 'repos', which is not an absolute folder path. Write it in full (for example /srv/git), or write 'none' to turn local paths off.",
        ]);
}
