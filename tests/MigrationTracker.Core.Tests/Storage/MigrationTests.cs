using MigrationTracker.Core.Storage;
using MigrationTracker.Testing;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Tests.Storage;

public sealed class MigrationTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Migrations_apply_to_an_empty_database_and_leave_nothing_pending(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateEmptyAsync(provider, Cancel);

        var before = await storage.Schema.GetPendingMigrationsAsync(Cancel);
        before.ShouldNotBeEmpty();

        await storage.Schema.MigrateAsync(Cancel);

        (await storage.Schema.GetPendingMigrationsAsync(Cancel)).ShouldBeEmpty();
        await using var context = storage.CreateDbContext();
        (await context.Database.GetAppliedMigrationsAsync(Cancel)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task Applying_migrations_twice_changes_nothing(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider, Cancel);

        await storage.Schema.MigrateAsync(Cancel);

        (await storage.Schema.GetPendingMigrationsAsync(Cancel)).ShouldBeEmpty();
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        static IEnumerable<string> MigrationIds(string assembly) => System.Reflection.Assembly.Load(assembly).GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).Cast<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().SingleOrDefault())
            .Where(a => a is not null)
            .Select(a => a!.Id)
            .Order(StringComparer.Ordinal);

        var sqlite = MigrationIds(StorageSettings.SqliteMigrationsAssembly).ToList();
        var postgres = MigrationIds(StorageSettings.PostgreSqlMigrationsAssembly).ToList();

        sqlite.ShouldNotBeEmpty();
        postgres.ShouldBe(sqlite);
    }

    [Theory]
    [MemberData(nameof(StorageProviders.All), MemberType = typeof(StorageProviders))]
    public async Task The_model_has_no_changes_missing_from_the_migrations(DatabaseProvider provider)
    {
        await using var storage = await TestStorage.CreateEmptyAsync(provider, Cancel);
        await using var context = storage.CreateDbContext();

        context.Database.HasPendingModelChanges().ShouldBeFalse(
            $"The model changed without a migration for {provider}: run scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public async Task A_worker_waiting_for_the_schema_continues_once_the_web_process_has_migrated()
    {
        await using var storage = await TestStorage.CreateEmptyAsync(DatabaseProvider.Sqlite, Cancel);

        var waiting = storage.Schema.WaitUntilCurrentAsync(TimeSpan.FromMilliseconds(100), Cancel);
        await Task.Delay(500, Cancel);
        waiting.IsCompleted.ShouldBeFalse("a worker must not start on a database without the schema");

        await storage.Schema.MigrateAsync(Cancel);

        await waiting.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        waiting.IsCompletedSuccessfully.ShouldBeTrue();
    }
}
