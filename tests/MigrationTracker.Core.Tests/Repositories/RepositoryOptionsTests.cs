using MigrationTracker.Core;
using MigrationTracker.Core.Repositories;
using MigrationTracker.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Core.Tests.Repositories;

public sealed class RepositoryOptionsTests
{
    [Fact]
    public void Without_settings_https_and_ssh_are_allowed_and_the_home_and_srv_git_folders_are_the_roots()
    {
        var options = new RepositoryOptions();

        options.EffectiveAllowedSchemes.ShouldBe(["https", "ssh"]);
        options.EffectiveLocalRoots.ShouldBe([Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "/srv/git"]);
        options.EffectiveLocalRoots.ShouldNotContain(Path.TrimEndingDirectorySeparator(Path.GetTempPath()), "any local user can write to the temp folder");
        options.Problems().ShouldBeEmpty();
    }

    [Fact]
    public void Without_settings_a_repository_in_the_temp_folder_is_refused_naming_the_setting_that_allows_it()
    {
        Assert.SkipWhen(TestLocalRoots.DefaultsHoldTheTempFolder, $"The temp folder {TestLocalRoots.TempFolder} lies in a default root here.");
        using var disk = new TemporaryDirectory("mt-default-roots");
        var planted = Directory.CreateDirectory(disk.Combine("drivers.git")).FullName;

        var result = RepositoryLocation.Parse(planted, RepositoryLocationRules.From(new RepositoryOptions(), Directory.Exists));

        result.Error.ShouldBe(
            $"The path '{planted}' is outside the folders local repositories may be added from ({string.Join(", ", RepositoryOptions.DefaultLocalRoots())}). " +
            "Move or clone the repository into one of them, or ask an administrator to add its folder to Repositories:LocalRoots. " +
            "The temp folder is allowed only when listed there, because every user of the server can write to it.");
    }

    [Fact]
    public void None_turns_local_paths_off() =>
        new RepositoryOptions { LocalRoots = ["none"] }.EffectiveLocalRoots.ShouldBeEmpty();

    [Fact]
    public void None_still_turns_local_paths_off_when_the_section_is_bound_twice_as_the_web_process_does()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Repositories:LocalRoots:0"] = " None " }).Build();
        var options = new RepositoryOptions();

        // The web app's repository management and its in-process job server both bind the section; arrays append.
        configuration.GetSection(RepositoryOptions.SectionName).Bind(options);
        configuration.GetSection(RepositoryOptions.SectionName).Bind(options);

        options.LocalRoots.ShouldBe([" None ", " None "]);
        options.EffectiveLocalRoots.ShouldBeEmpty();
        options.Problems().ShouldBeEmpty();
    }

    [Fact]
    public void The_settings_are_bound_once_however_many_parts_of_a_process_register_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Repositories:LocalRoots:0"] = "/srv/git" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);

        // The web app's repository management and its in-process job server each ask for them.
        services.AddRepositoryOptions();
        services.AddRepositoryOptions();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<RepositoryOptions>>().Value.LocalRoots.ShouldBe(["/srv/git"]);
    }

    [Fact]
    public void None_beside_folders_is_reported_rather_than_read_as_a_folder() =>
        new RepositoryOptions { LocalRoots = ["none", "/srv/git"] }.Problems().ShouldBe([
            "Repositories:LocalRoots lists 'none' beside folders. Write 'none' alone to turn local paths off, or list only folders.",
        ]);

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
