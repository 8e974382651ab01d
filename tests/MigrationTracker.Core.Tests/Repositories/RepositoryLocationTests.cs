using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Repositories;
using MigrationTracker.Testing;

namespace MigrationTracker.Core.Tests.Repositories;

public sealed class RepositoryLocationTests
{
    // The disk is asked only whether a folder exists; these tests answer from a fixed list.
    private static readonly HashSet<string> ExistingFolders = ["/srv/git/drivers.git", "/srv/git/team/usb", "/srv/git", "/home/dev/src/kmdf"];

    private static readonly RepositoryLocationRules Rules = new(["https", "ssh"], ["/srv/git", "/home/dev"], ExistingFolders.Contains);

    private static RepositoryLocation Accepted(string input, RepositoryLocationRules? rules = null)
    {
        var result = RepositoryLocation.Parse(input, rules ?? Rules);
        result.Error.ShouldBeNull();
        return result.Location.ShouldNotBeNull();
    }

    private static string Refused(string? input, RepositoryLocationRules? rules = null)
    {
        var result = RepositoryLocation.Parse(input, rules ?? Rules);
        result.IsValid.ShouldBeFalse();
        return result.Error.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("https://git.example.com/team/drivers.git", "https://git.example.com/team/drivers.git", "drivers")]
    [InlineData("  https://Git.Example.com/team/drivers/  ", "https://git.example.com/team/drivers", "drivers")]
    [InlineData("https://git.example.com:8443/team/usb-hub.git", "https://git.example.com:8443/team/usb-hub.git", "usb-hub")]
    [InlineData("HTTPS://git.example.com:443/x/y.git", "https://git.example.com/x/y.git", "y")]
    [InlineData("ssh://git@git.example.com/team/drivers.git", "ssh://git@git.example.com/team/drivers.git", "drivers")]
    [InlineData("ssh://git.example.com:2222/drivers", "ssh://git.example.com:2222/drivers", "drivers")]
    public void A_git_url_with_an_allowed_scheme_is_accepted_and_normalised(string input, string location, string name)
    {
        var parsed = Accepted(input);

        parsed.Kind.ShouldBe(RepositoryKind.GitRemote);
        parsed.Location.ShouldBe(location);
        parsed.SuggestedName.ShouldBe(name);
    }

    [Theory]
    [InlineData("git@github.com:microsoft/Windows-driver-samples.git", "git@github.com:microsoft/Windows-driver-samples.git", "Windows-driver-samples")]
    [InlineData("git@Git.Example.com:team/usb/", "git@git.example.com:team/usb", "usb")]
    [InlineData("build.example.com:drivers.git", "build.example.com:drivers.git", "drivers")]
    public void An_scp_like_ssh_address_is_accepted(string input, string location, string name)
    {
        var parsed = Accepted(input);

        parsed.Kind.ShouldBe(RepositoryKind.GitRemote);
        parsed.Location.ShouldBe(location);
        parsed.SuggestedName.ShouldBe(name);
    }

    [Fact]
    public void The_same_remote_typed_with_and_without_git_suffix_or_in_another_case_has_one_duplicate_key()
    {
        Accepted("https://git.example.com/Team/Drivers.git").DuplicateKey
            .ShouldBe(Accepted("https://GIT.example.com/team/drivers/").DuplicateKey);
        Accepted("git@git.example.com:team/drivers.git").DuplicateKey
            .ShouldBe(Accepted("ssh://git@git.example.com/team/drivers").DuplicateKey);
    }

    [Theory]
    [InlineData("/srv/git/drivers.git", "/srv/git/drivers.git", "drivers")]
    [InlineData("/srv/git/team/usb/", "/srv/git/team/usb", "usb")]
    [InlineData("/srv/git//team/usb", "/srv/git/team/usb", "usb")]
    [InlineData("/srv/git/./team/usb", "/srv/git/team/usb", "usb")]
    [InlineData("/home/dev/src/kmdf", "/home/dev/src/kmdf", "kmdf")]
    [InlineData("file:///srv/git/drivers.git", "/srv/git/drivers.git", "drivers")]
    public void A_local_path_inside_an_allowed_folder_is_accepted(string input, string location, string name)
    {
        var parsed = Accepted(input);

        parsed.Kind.ShouldBe(RepositoryKind.LocalPath);
        parsed.Location.ShouldBe(location);
        parsed.SuggestedName.ShouldBe(name);
    }

    [Fact]
    public void An_allowed_folder_itself_is_accepted() => Accepted("/srv/git").Location.ShouldBe("/srv/git");

    [Theory]
    [InlineData("microsoft/Windows-driver-samples", "microsoft/Windows-driver-samples", "Windows-driver-samples")]
    [InlineData("a/b", "a/b", "b")]
    [InlineData("my-org/usb.hub_v2", "my-org/usb.hub_v2", "usb.hub_v2")]
    [InlineData("my-org/drivers.git", "my-org/drivers", "drivers")]
    [InlineData("github.com/microsoft/Windows-rust-driver-samples", "microsoft/Windows-rust-driver-samples", "Windows-rust-driver-samples")]
    public void A_github_owner_and_name_is_accepted(string input, string location, string name)
    {
        var parsed = Accepted(input);

        parsed.Kind.ShouldBe(RepositoryKind.GitHub);
        parsed.Location.ShouldBe(location);
        parsed.SuggestedName.ShouldBe(name);
    }

    [Fact]
    public void A_github_repository_is_a_duplicate_whatever_its_case() =>
        Accepted("Microsoft/Windows-Driver-Samples").DuplicateKey.ShouldBe(Accepted("microsoft/windows-driver-samples").DuplicateKey);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_location_is_refused_with_what_to_type(string? input) =>
        Refused(input).ShouldBe("The location is empty. Type a git URL (https://git.example.com/drivers.git or git@git.example.com:team/drivers.git), an absolute local path (/srv/git/drivers.git), or a GitHub repository as owner/name.");

    [Theory]
    [InlineData("--upload-pack=touch /tmp/pwned")]
    [InlineData("-oProxyCommand=evil")]
    [InlineData(" --config=core.sshCommand=evil")]
    public void A_location_starting_with_a_dash_is_refused_as_an_option(string input) =>
        Refused(input).ShouldContain("starts with '-', which git would read as an option, not an address.");

    [Theory]
    [InlineData("ssh://-oProxyCommand=evil/x")]
    [InlineData("ssh://git@-oProxyCommand=evil/x")]
    public void A_url_whose_server_starts_with_a_dash_is_refused(string input) =>
        Refused(input).ShouldContain("starts with '-'");

    [Theory]
    [InlineData("git@-oProxyCommand=evil:x")]
    [InlineData("git@host:-upload-pack")]
    public void An_scp_like_address_with_a_part_starting_with_a_dash_is_refused(string input) =>
        Refused(input).ShouldBe($"A part of '{input}' starts with '-', which git would read as an option. Check the address.");

    [Theory]
    [InlineData("https://git.example.com/a\n--upload-pack=x")]
    [InlineData("/srv/git/drivers\t.git")]
    [InlineData("owner/na\u0000me")]
    public void A_location_with_a_control_character_is_refused(string input) =>
        Refused(input).ShouldStartWith("The location contains a control character");

    [Theory]
    [InlineData("https://alice:ghp_secret@github.com/org/drivers.git")]
    [InlineData("https://ghp_secret@github.com/org/drivers.git")]
    [InlineData("ssh://git:hunter2@git.example.com/drivers.git")]
    public void A_url_with_embedded_credentials_is_refused_and_the_user_is_told_to_use_the_token_field(string input)
    {
        var error = Refused(input);

        error.ShouldContain("Do not put credentials in the address");
        error.ShouldContain("Token field");
        error.ShouldNotContain("secret");
        error.ShouldNotContain("hunter2");
    }

    [Theory]
    [InlineData("http://git.example.com/drivers.git", "http")]
    [InlineData("git://git.example.com/drivers.git", "git")]
    [InlineData("ftp://git.example.com/drivers.git", "ftp")]
    [InlineData("ext::sh -c touch% /tmp/pwned", null)]
    public void A_url_with_a_scheme_not_allowed_is_refused_naming_the_allowed_ones(string input, string? scheme)
    {
        var error = Refused(input);

        if (scheme is null)
        {
            error.ShouldNotBeNull();
            return;
        }

        error.ShouldBe($"'{scheme}://' addresses are not allowed here (allowed: https, ssh). Use an address starting with https:// or ssh://, or ask an administrator to add '{scheme}' to Repositories:AllowedSchemes.");
    }

    [Fact]
    public void A_scheme_allowed_by_the_settings_is_accepted()
    {
        var rules = Rules with { AllowedSchemes = ["https", "http"] };

        Accepted("http://git.internal/drivers.git", rules).Location.ShouldBe("http://git.internal/drivers.git");
    }

    [Fact]
    public void An_scp_like_address_is_refused_when_ssh_is_not_allowed()
    {
        var rules = Rules with { AllowedSchemes = ["https"] };

        Refused("git@github.com:org/drivers.git", rules)
            .ShouldBe("ssh addresses (git@github.com:org/drivers.git) are not allowed here (allowed: https). Use an https:// address, or ask an administrator to add 'ssh' to Repositories:AllowedSchemes.");
    }

    [Theory]
    [InlineData("https://git.example.com/drivers.git?private_token=abc", "has a '?' or '#' part")]
    [InlineData("https://git.example.com/drivers.git#main", "has a '?' or '#' part")]
    [InlineData("https://git.example.com/", "names a server but no repository")]
    [InlineData("https://git.example.com/team/../other", "contains '.' or '..' as a path segment")]
    [InlineData("https://git example.com/drivers", "contains a space")]
    [InlineData("https:///drivers.git", "it needs a server name")]
    public void A_malformed_url_is_refused_saying_what_is_wrong(string input, string reason) =>
        Refused(input).ShouldContain(reason);

    [Fact]
    public void A_local_path_outside_the_allowed_folders_is_refused_naming_them() =>
        Refused("/etc/drivers").ShouldBe("The path '/etc/drivers' is outside the folders local repositories may be added from (/srv/git, /home/dev). Move or clone the repository into one of them, or ask an administrator to add its folder to Repositories:LocalRoots.");

    [Fact]
    public void A_sibling_folder_that_only_starts_like_an_allowed_folder_is_refused() =>
        Refused("/srv/gitevil/drivers").ShouldContain("is outside the folders local repositories may be added from");

    [Theory]
    [InlineData("/srv/git/../../etc")]
    [InlineData("/srv/git/team/../drivers.git")]
    [InlineData("file:///srv/git/../../etc")]
    public void A_local_path_with_dot_dot_is_refused(string input) =>
        Refused(input).ShouldContain("contains '..'");

    [Fact]
    public void A_file_url_outside_the_allowed_folders_is_refused_like_a_path() =>
        Refused("file:///etc/passwd").ShouldContain("is outside the folders local repositories may be added from");

    [Fact]
    public void A_file_url_naming_another_machine_is_refused() =>
        Refused("file://server/share/drivers.git").ShouldStartWith("'file://server/share/drivers.git' is not a file address of this machine.");

    [Fact]
    public void A_local_path_that_does_not_exist_is_refused() =>
        Refused("/srv/git/missing.git").ShouldBe("The folder '/srv/git/missing.git' does not exist on the server. Check the path (it is a path on the machine MigrationTracker runs on, not on your computer).");

    [Fact]
    public void A_local_path_is_refused_when_local_paths_are_turned_off() =>
        Refused("/srv/git/drivers.git", Rules with { LocalRoots = [] }).ShouldStartWith("Local paths are turned off here");

    [Fact]
    public void The_products_own_folders_stay_allowed_when_local_paths_are_turned_off_and_are_not_named_in_refusals()
    {
        var demoOnly = Rules with { LocalRoots = [], ProductFolders = ["/home/dev"] };
        var withRoots = Rules with { LocalRoots = ["/srv/git"], ProductFolders = ["/home/dev"] };

        Accepted("/home/dev/src/kmdf", demoOnly).Location.ShouldBe("/home/dev/src/kmdf");
        Refused("/srv/git/drivers.git", demoOnly).ShouldBe("Local paths are turned off here (Repositories:LocalRoots is 'none'). Add the repository by its git URL or GitHub owner/name, or ask an administrator to allow a folder.");
        Accepted("/home/dev/src/kmdf", withRoots).Location.ShouldBe("/home/dev/src/kmdf");
        Refused("/opt/drivers.git", withRoots).ShouldStartWith("The path '/opt/drivers.git' is outside the folders local repositories may be added from (/srv/git).");
    }

    [Theory]
    [InlineData("./drivers", "is a relative path")]
    [InlineData("../drivers", "is a relative path")]
    [InlineData("team/usb/drivers", "is a relative path")]
    [InlineData("~/src/drivers", "uses '~', which is not expanded here")]
    public void A_relative_path_is_refused_asking_for_the_full_path(string input, string reason) =>
        Refused(input).ShouldContain(reason);

    [Theory]
    [InlineData("-org/drivers")]
    [InlineData("org-/drivers")]
    [InlineData("my--org/drivers")]
    [InlineData("my_org/drivers")]
    [InlineData("a234567890123456789012345678901234567890/drivers")]
    public void A_github_owner_breaking_githubs_rules_is_refused(string input)
    {
        var error = Refused(input);

        // A leading dash is caught first, as a possible option.
        if (!input.StartsWith('-'))
        {
            error.ShouldContain("is not a GitHub account name: it has 1 to 39 letters, digits or single hyphens");
        }
    }

    [Theory]
    [InlineData("org/dri vers")]
    [InlineData("org/drivers!")]
    [InlineData("org/..")]
    public void A_github_name_breaking_githubs_rules_is_refused(string input) =>
        Refused(input).ShouldContain("is not a GitHub repository name");

    [Fact]
    public void A_word_that_is_no_address_is_refused_with_examples() =>
        Refused("drivers").ShouldBe("'drivers' is not a repository address. Type a git URL (https://git.example.com/drivers.git or git@git.example.com:team/drivers.git), an absolute local path (/srv/git/drivers.git), or a GitHub repository as owner/name.");

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("/tmp/../etc")]
    [InlineData("/srv/git/../../etc/passwd")]
    [InlineData("/srv/git/..\\..\\etc")]
    [InlineData("/srv/git/drivers.git\0/../../../etc")]
    [InlineData("file:///srv/git/%2e%2e/%2e%2e/etc")]
    [InlineData("file:///srv/git/..%2f..%2fetc")]
    [InlineData("file:///srv/git/drivers.git?--upload-pack=touch%20/tmp/x")]
    [InlineData("file://localhost/etc/passwd")]
    [InlineData("//etc/passwd")]
    [InlineData("///srv/git/../etc")]
    [InlineData("/srv/git/\uFF0E\uFF0E/\uFF0E\uFF0E/etc")]
    [InlineData("/srv/git/\u2024\u2024/\u2024\u2024/etc")]
    [InlineData("/srv/git\u2215..\u2215..\u2215etc")]
    [InlineData("/srv/git\uFF0F..\uFF0Fetc")]
    [InlineData("\\\\?\\C:\\Windows")]
    [InlineData("\\\\server\\share\\drivers.git")]
    [InlineData("C:\\Windows\\System32")]
    [InlineData("--upload-pack=touch /tmp/x")]
    [InlineData("ext::sh -c touch% /tmp/x")]
    [InlineData("ssh://-oProxyCommand=touch%20/tmp/x/drivers")]
    [InlineData("git@host:--upload-pack=touch")]
    public void Hostile_input_never_yields_a_local_path_outside_the_allowed_folders_nor_an_option(string input)
    {
        // Every folder exists here, so only the rules on the text decide.
        var result = RepositoryLocation.Parse(input, Rules with { DirectoryExists = _ => true });

        if (result.Location is { } location)
        {
            location.Location.ShouldNotStartWith("-");
            if (location.Kind == RepositoryKind.LocalPath)
            {
                location.Location.ShouldSatisfyAllConditions(
                    path => path.ShouldNotContain("/../"),
                    path => (path == "/srv/git" || path.StartsWith("/srv/git/", StringComparison.Ordinal) || path.StartsWith("/home/dev/", StringComparison.Ordinal))
                        .ShouldBeTrue($"'{input}' gave '{path}'"));
            }
        }
    }

    [Fact]
    public void A_very_long_path_is_refused_before_anything_else_is_asked_of_it()
    {
        var asked = false;
        var rules = Rules with { DirectoryExists = _ => asked = true };

        Refused("/srv/git/" + string.Concat(Enumerable.Repeat("../", 400)) + "etc", rules).ShouldStartWith("The location is");
        asked.ShouldBeFalse();
    }

    [Fact]
    public void A_symbolic_link_in_an_allowed_folder_that_leads_out_of_it_is_refused()
    {
        using var disk = new TemporaryDirectory("mt-links");
        var root = Directory.CreateDirectory(disk.Combine("git")).FullName;
        Directory.CreateDirectory(disk.Combine("secret", "drivers.git"));
        Directory.CreateSymbolicLink(Path.Combine(root, "escape"), disk.Combine("secret"));
        Directory.CreateSymbolicLink(Path.Combine(root, "relative"), "../secret");
        Directory.CreateSymbolicLink(Path.Combine(root, "chain"), Path.Combine(root, "relative"));
        var rules = RepositoryLocationRules.From(new RepositoryOptions { LocalRoots = [root] }, Directory.Exists);

        Refused(Path.Combine(root, "escape"), rules).ShouldBe(
            $"The path '{Path.Combine(root, "escape")}' leads through a symbolic link to '{disk.Combine("secret")}', outside the folders local repositories may be added from ({root}). Add the repository by its real path inside one of them, or ask an administrator to add its folder to Repositories:LocalRoots.");
        Refused(Path.Combine(root, "escape", "drivers.git"), rules).ShouldContain("leads through a symbolic link");
        Refused(Path.Combine(root, "relative", "drivers.git"), rules).ShouldContain("leads through a symbolic link");
        Refused($"file://{Path.Combine(root, "chain", "drivers.git")}", rules).ShouldContain("leads through a symbolic link");
    }

    [Fact]
    public void A_symbolic_link_that_stays_inside_the_allowed_folders_is_accepted_under_the_name_typed()
    {
        using var disk = new TemporaryDirectory("mt-links");
        var root = Directory.CreateDirectory(disk.Combine("git")).FullName;
        Directory.CreateDirectory(disk.Combine("git", "team", "drivers.git"));
        Directory.CreateSymbolicLink(Path.Combine(root, "alias"), Path.Combine(root, "team"));
        Directory.CreateSymbolicLink(disk.Combine("linked-root"), root);

        Accepted(Path.Combine(root, "alias", "drivers.git"), RepositoryLocationRules.From(new RepositoryOptions { LocalRoots = [root] }, Directory.Exists))
            .Location.ShouldBe(Path.Combine(root, "alias", "drivers.git"));
        Accepted(disk.Combine("linked-root", "team", "drivers.git"), RepositoryLocationRules.From(new RepositoryOptions { LocalRoots = [disk.Combine("linked-root")] }, Directory.Exists))
            .Location.ShouldBe(disk.Combine("linked-root", "team", "drivers.git"));
    }

    [Fact]
    public void A_loop_of_symbolic_links_is_refused()
    {
        using var disk = new TemporaryDirectory("mt-links");
        var root = Directory.CreateDirectory(disk.Combine("git")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, "a"), Path.Combine(root, "b"));
        Directory.CreateSymbolicLink(Path.Combine(root, "b"), Path.Combine(root, "a"));

        // Every folder "exists" here: it is following the links that meets the loop.
        Refused(Path.Combine(root, "a"), RepositoryLocationRules.From(new RepositoryOptions { LocalRoots = [root] }, _ => true)).ShouldContain("symbolic link");
    }

    [Fact]
    public void An_overlong_location_is_refused() =>
        Refused("https://git.example.com/" + new string('a', 1000)).ShouldStartWith("The location is 1024 characters long; at most 1000 are accepted.");
}
