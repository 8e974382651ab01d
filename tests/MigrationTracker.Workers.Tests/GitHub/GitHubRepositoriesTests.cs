using MigrationTracker.Core.Domain;
using MigrationTracker.Workers.GitHub;
using MigrationTracker.Workers.Secrets;
using Microsoft.Extensions.DependencyInjection;
using static MigrationTracker.Workers.Tests.GitHub.GitHubWorld;

namespace MigrationTracker.Workers.Tests.GitHub;

public sealed class GitHubRepositoriesTests : IAsyncLifetime
{
    private GitHubWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Refresh_stores_default_branch_web_link_and_archived_flag_and_returns_what_a_fetch_needs()
    {
        const string token = "ghp_repositoryToken0123456789abcdefABCDEF";
        var id = await _world.AddRepositoryAsync(token);
        _world.Server.Answer(RepositoryPath, Reply.Json(GitHubJson.Repository(Owner, Name, defaultBranch: "develop", archived: true)));

        var info = await _world.Repositories.RefreshAsync(id, TestContext.Current.CancellationToken);

        info.ShouldBe(new GitHubRepositoryInfo("https://github.com/contoso/storage.git", "develop", "https://github.com/contoso/storage", true, token));
        info.ToString().ShouldNotContain(token);
        var repository = await _world.RepositoryAsync(id);
        repository.DefaultBranch.ShouldBe("develop");
        repository.WebUrl.ShouldBe("https://github.com/contoso/storage");
        repository.IsArchived.ShouldBeTrue();
        _world.Server.RequestsTo(RepositoryPath).Single().Authorization.ShouldBe($"Token {token}");
    }

    [Fact]
    public async Task A_repository_without_credential_uses_the_configured_token_and_without_either_goes_anonymous()
    {
        var id = await _world.AddRepositoryAsync();
        _world.Server.Answer(RepositoryPath, Reply.Json(GitHubJson.Repository(Owner, Name)));

        var anonymous = await _world.Repositories.RefreshAsync(id, TestContext.Current.CancellationToken);

        anonymous.Token.ShouldBeNull();
        _world.Server.RequestsTo(RepositoryPath).Single().Authorization.ShouldBeNull();

        await using var configured = await CreateAsync(new Dictionary<string, string?> { ["Token"] = "ghp_configuredDefault999" });
        var other = await configured.AddRepositoryAsync();
        configured.Server.Answer(RepositoryPath, Reply.Json(GitHubJson.Repository(Owner, Name)));

        var info = await configured.Repositories.RefreshAsync(other, TestContext.Current.CancellationToken);

        info.Token.ShouldBe("ghp_configuredDefault999");
        configured.Server.RequestsTo(RepositoryPath).Single().Authorization.ShouldBe("Token ghp_configuredDefault999");
    }

    [Fact]
    public async Task A_default_token_saved_on_the_settings_page_wins_over_the_configured_one_until_it_is_forgotten()
    {
        const string saved = "github_pat_savedOnTheSettingsPage0042";
        await using var world = await CreateAsync(new Dictionary<string, string?> { ["Token"] = "ghp_configuredDefault999" });
        var id = await world.AddRepositoryAsync();
        world.Server.Answer(RepositoryPath, Reply.Json(GitHubJson.Repository(Owner, Name)));
        var tokens = world.Services.GetRequiredService<GitHubDefaultToken>();
        await tokens.SaveAsync($"  {saved} ", "admin@contoso.com", TestContext.Current.CancellationToken);

        (await world.Repositories.RefreshAsync(id, TestContext.Current.CancellationToken)).Token.ShouldBe(saved);
        world.Server.RequestsTo(RepositoryPath)[^1].Authorization.ShouldBe($"Token {saved}");
        (await tokens.StatusAsync(TestContext.Current.CancellationToken)).Source.ShouldBe(SecretSource.Saved);

        await tokens.RemoveAsync(TestContext.Current.CancellationToken);
        (await world.Repositories.RefreshAsync(id, TestContext.Current.CancellationToken)).Token.ShouldBe("ghp_configuredDefault999");
        world.Server.RequestsTo(RepositoryPath)[^1].Authorization.ShouldBe("Token ghp_configuredDefault999");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ghp_short")]
    [InlineData("ghp_with a space in the middle of it")]
    public async Task Something_that_is_not_a_token_is_refused_and_not_saved(string typed)
    {
        var tokens = _world.Services.GetRequiredService<GitHubDefaultToken>();

        var error = await Should.ThrowAsync<SettingRejectedException>(() => tokens.SaveAsync(typed, "admin@contoso.com", TestContext.Current.CancellationToken));

        error.Message.ShouldStartWith("Token: paste a GitHub personal access token");
        (await tokens.StatusAsync(TestContext.Current.CancellationToken)).Source.ShouldBe(SecretSource.None);
    }

    [Fact]
    public async Task The_repository_own_API_address_wins_over_the_configured_one()
    {
        // The configured default points at a port nobody listens on: only the repository's own address can answer.
        await _world.DisposeAsync();
        _world = await CreateAsync(new Dictionary<string, string?> { ["ApiBaseUrl"] = "http://127.0.0.1:9/", ["MaxAttempts"] = "1" });
        var id = await _world.AddRepositoryAsync(apiBaseUrl: _world.Server.BaseUrl.ToString());
        _world.Server.Answer(RepositoryPath, Reply.Json(GitHubJson.Repository(Owner, Name)));

        var info = await _world.Repositories.RefreshAsync(id, TestContext.Current.CancellationToken);

        info.DefaultBranch.ShouldBe("main");
        _world.Server.RequestsTo(RepositoryPath).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Refresh_of_a_vanished_repository_marks_it_unreachable_and_says_why()
    {
        var id = await _world.AddRepositoryAsync();

        var error = await Should.ThrowAsync<GitHubUnreachableException>(() => _world.Repositories.RefreshAsync(id, TestContext.Current.CancellationToken));

        error.Message.ShouldBe("GitHub answers 404 for contoso/storage: the repository was deleted, renamed, or the token cannot see it. Check the name or the credential.");
        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Unreachable);
        repository.LastError.ShouldBe(error.Message);
    }
}
