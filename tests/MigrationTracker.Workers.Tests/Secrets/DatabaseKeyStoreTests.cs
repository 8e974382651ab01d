using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using MigrationTracker.Workers.GitHub;
using MigrationTracker.Workers.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MigrationTracker.Workers.Tests.Secrets;

/// <summary>
/// <c>DataProtection:Keys=Database</c>: processes on different machines (here: with different data folders) share
/// the key ring through the product's database, so a secret saved by one is read by the other.
/// </summary>
public sealed class DatabaseKeyStoreTests
{
    private const string Token = "ghp_sharedThroughTheDatabase000000000042";

    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_secret_saved_on_one_machine_is_read_on_another_that_shares_only_the_database(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Ct);
        using var firstMachine = new TemporaryDirectory("mt-machine-a");
        using var secondMachine = new TemporaryDirectory("mt-machine-b");
        await using var first = Services(storage, firstMachine.Path);
        await using var second = Services(storage, secondMachine.Path);

        var protectedToken = first.GetRequiredService<CredentialProtector>().Protect(Token);
        await first.GetRequiredService<ProtectedSettings>().SaveAsync("test.setting", new[] { Token }, "admin@contoso.com", Ct);

        second.GetRequiredService<CredentialProtector>().Unprotect(protectedToken, "storage-bot").ShouldBe(Token);
        (await second.GetRequiredService<ProtectedSettings>().ReadAsync<string[]>("test.setting", Ct)).ShouldBe([Token]);

        // One key ring, in the database; no machine kept a key folder of its own.
        await using var context = storage.CreateDbContext();
        var keys = await context.DataProtectionKeys.AsNoTracking().ToListAsync(Ct);
        keys.ShouldHaveSingleItem().Xml.ShouldNotBeNull().ShouldContain("<key ");
        Directory.Exists(Path.Combine(firstMachine.Path, "keys")).ShouldBeFalse();
        Directory.Exists(Path.Combine(secondMachine.Path, "keys")).ShouldBeFalse();
    }

    [Fact]
    public async Task With_keys_in_folders_a_machine_without_the_first_ones_keys_cannot_read_its_secret()
    {
        // What Database is for: with the default (a key folder per data folder), sharing only the database is not enough.
        await using var storage = await TestStorage.CreateAsync(DatabaseProvider.Sqlite, Ct);
        using var firstMachine = new TemporaryDirectory("mt-machine-a");
        using var secondMachine = new TemporaryDirectory("mt-machine-b");
        await using var first = Services(storage, firstMachine.Path, KeyStore.Folder);
        await using var second = Services(storage, secondMachine.Path, KeyStore.Folder);
        await first.GetRequiredService<ProtectedSettings>().SaveAsync("test.setting", new[] { Token }, "admin@contoso.com", Ct);

        var error = await Should.ThrowAsync<ProtectedSettingUnreadableException>(() => second.GetRequiredService<ProtectedSettings>().ReadAsync<string[]>("test.setting", Ct));

        error.Message.ShouldContain("DataProtection:Keys");
        error.ToString().ShouldNotContain(Token);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceProvider Services(TestStorage storage, string dataDirectory, KeyStore keys = KeyStore.Database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContextFactory<TrackerDbContext>(options => options.UseTrackerDatabase(storage.Settings));
        services.AddSingleton(TimeProvider.System);
        services.AddTrackerDataProtection(storage.Settings with { DataDirectory = dataDirectory, KeyStore = keys });
        services.AddSingleton<CredentialProtector>();
        return services.BuildServiceProvider();
    }
}
