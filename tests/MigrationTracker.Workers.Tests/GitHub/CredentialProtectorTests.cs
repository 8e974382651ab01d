using System.Text;
using MigrationTracker.Core.Domain;
using MigrationTracker.Workers.GitHub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Tests.GitHub;

public sealed class CredentialProtectorTests : IAsyncLifetime
{
    private const string Token = "ghp_plainTextMustNeverBeStored4242424242";

    private GitHubWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await GitHubWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_stored_token_round_trips_and_is_not_kept_in_plain_text()
    {
        var id = await _world.AddRepositoryAsync(Token);

        await using (var context = _world.Storage.CreateDbContext())
        {
            var credential = context.Credentials.Single();
            credential.ProtectedSecret.ShouldNotContain(Token);
            _world.Protector.Unprotect(credential.ProtectedSecret, credential.Name).ShouldBe(Token);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(_world.Storage.Settings.DataDirectory, "tracker.db*");
        files.ShouldNotBeEmpty();
        foreach (var file in files)
        {
            Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken)).ShouldNotContain(Token);
        }

        (await _world.RepositoryAsync(id)).CredentialId.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_token_protected_by_one_process_is_read_by_another_sharing_the_data_folder()
    {
        var protectedSecret = _world.Protector.Protect(Token);

        // A second host over the same data folder stands in for the web process beside a worker process.
        var services = new ServiceCollection();
        services.AddTrackerDataProtection(_world.Storage.Settings);
        services.AddSingleton<CredentialProtector>();
        await using var other = services.BuildServiceProvider();

        other.GetRequiredService<CredentialProtector>().Unprotect(protectedSecret, "storage-bot").ShouldBe(Token);
        Directory.GetFiles(Path.Combine(_world.Storage.Settings.DataDirectory, "keys"), "key-*.xml").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_credential_saved_under_other_keys_fails_with_a_message_naming_it_and_not_the_secret()
    {
        using var elsewhere = new Testing.TemporaryDirectory("mt-keys");
        var services = new ServiceCollection();
        services.AddTrackerDataProtection(_world.Storage.Settings with { DataDirectory = elsewhere.Path });
        services.AddSingleton<CredentialProtector>();
        await using var other = services.BuildServiceProvider();
        var foreign = other.GetRequiredService<CredentialProtector>().Protect(Token);

        var error = Should.Throw<CredentialUnreadableException>(() => _world.Protector.Unprotect(foreign, "storage-bot"));

        error.Message.ShouldContain("'storage-bot'");
        error.Message.ShouldContain("Enter the secret again");
        error.ToString().ShouldNotContain(Token);
    }

    [Fact]
    public async Task A_build_sync_with_an_unreadable_credential_marks_the_repository_and_asks_for_the_secret_again()
    {
        using var elsewhere = new Testing.TemporaryDirectory("mt-keys");
        var services = new ServiceCollection();
        services.AddTrackerDataProtection(_world.Storage.Settings with { DataDirectory = elsewhere.Path });
        services.AddSingleton<CredentialProtector>();
        await using var other = services.BuildServiceProvider();
        var id = await _world.AddRepositoryAsync(Token);
        await using (var context = _world.Storage.CreateDbContext())
        {
            context.Credentials.Single().ProtectedSecret = other.GetRequiredService<CredentialProtector>().Protect(Token);
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await _world.BuildSync.RunAsync(id, TestContext.Current.CancellationToken);

        var repository = await _world.RepositoryAsync(id);
        repository.Status.ShouldBe(RepositoryStatus.Unreachable);
        repository.LastError.ShouldNotBeNull().ShouldContain("The stored credential 'storage-bot' cannot be decrypted");
        _world.Server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_malformed_API_address_stops_start_up_naming_the_setting()
    {
        await using var world = await GitHubWorld.CreateAsync(new Dictionary<string, string?> { ["ApiBaseUrl"] = "github.contoso" });

        var error = Should.Throw<OptionsValidationException>(() => world.Services.GetRequiredService<IOptions<GitHubOptions>>().Value);

        error.Message.ShouldContain("GitHub:ApiBaseUrl is 'github.contoso'");
    }
}
