using System.Net;
using System.Net.Http.Json;
using System.Text;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Web.Tests.Api;

/// <summary>The API key store: keys are shown once, stored hashed, checked, listed and revoked.</summary>
[Collection(ApiTestGroup.Name)]
public sealed class ApiKeyStoreTests(ApiFactory app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_key_has_the_documented_shape_and_only_its_prefix_and_hash_are_stored()
    {
        var created = await app.Keys.CreateAsync($"jenkins-{Guid.NewGuid():N}", null, Cancel);

        created.Key.ShouldMatch("^mt_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$");
        created.Key.ShouldStartWith($"mt_{created.Info.Prefix}_");
        await using var context = await app.Database.CreateDbContextAsync(Cancel);
        var stored = await context.ApiKeys.AsNoTracking().SingleAsync(k => k.Name == created.Info.Name, Cancel);
        stored.SecretHash.ShouldBe(ApiKeyStore.Hash(created.Key));
        stored.SecretHash.ShouldMatch("^[0-9a-f]{64}$");
    }

    [Fact]
    public async Task The_plaintext_key_appears_neither_in_the_database_file_nor_in_the_logs_after_use()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var created = await app.Keys.CreateAsync($"secret-check-{Guid.NewGuid():N}", null, Cancel);
        var secret = created.Key[(3 + ApiKeyStore.PrefixLength + 1)..];
        using (var client = app.CreateClientWithKey(created.Key))
        {
            using var ok = await client.PostAsJsonAsync("/api/builds", new { repository = repository.Location, commit = "abcdef1", status = "queued" }, Cancel);
            ok.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using (var wrong = app.CreateClientWithKey(created.Key[..^2] + "zz"))
        {
            using var refused = await wrong.PostAsJsonAsync("/api/builds", new { repository = repository.Location, commit = "abcdef1", status = "queued" }, Cancel);
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // Every column of every row of the ApiKeys table, as text.
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "tracker.db")}");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM ApiKeys";
        var rows = new StringBuilder();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    rows.Append(reader.GetValue(i)).Append('|');
                }
            }
        }

        rows.ToString().ShouldContain(created.Info.Prefix);
        rows.ToString().ShouldNotContain(secret);
        await connection.CloseAsync();

        // The raw database files too, write-ahead log included: nothing may hold the secret, not even a stale page.
        foreach (var file in Directory.EnumerateFiles(app.DataDirectory, "*.db*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var memory = new MemoryStream())
            {
                await stream.CopyToAsync(memory, Cancel);
                bytes = memory.ToArray();
            }

            Encoding.UTF8.GetString(bytes).ShouldNotContain(secret, customMessage: file);
        }

        app.Logs.Text.ShouldContain(created.Info.Name);
        app.Logs.Text.ShouldNotContain(secret);
    }

    [Fact]
    public async Task A_successful_check_records_when_the_key_was_last_used()
    {
        var created = await app.Keys.CreateAsync($"used-{Guid.NewGuid():N}", null, Cancel);

        var check = await app.Keys.VerifyAsync(created.Key, Cancel);

        check.Outcome.ShouldBe(ApiKeyCheckOutcome.Valid);
        var listed = (await app.Keys.ListAsync(Cancel)).Single(k => k.Name == created.Info.Name);
        listed.LastUsedAt.ShouldNotBeNull();
        listed.RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_second_key_with_the_same_name_is_refused_with_a_message_naming_it()
    {
        var name = $"dup-{Guid.NewGuid():N}";
        await app.Keys.CreateAsync(name, null, Cancel);

        var error = await Should.ThrowAsync<ApiKeyException>(() => app.Keys.CreateAsync(name, null, Cancel));

        error.Message.ShouldContain($"'{name}' exists already");
    }

    [Fact]
    public async Task A_key_scoped_to_a_repository_that_does_not_exist_is_refused()
    {
        var error = await Should.ThrowAsync<ApiKeyException>(() => app.Keys.CreateAsync($"scoped-{Guid.NewGuid():N}", 999_999, Cancel));

        error.Message.ShouldContain("No repository has id 999999");
    }

    [Fact]
    public async Task Revoking_a_key_shows_in_the_list_and_the_key_no_longer_verifies()
    {
        var repository = await app.AddRepositoryAsync(RepositoryKind.GitHub, $"contoso/{Guid.NewGuid():N}");
        var created = await app.Keys.CreateAsync($"revoke-{Guid.NewGuid():N}", repository.Id, Cancel);

        await app.Keys.RevokeAsync(created.Info.Name, Cancel);

        (await app.Keys.VerifyAsync(created.Key, Cancel)).Outcome.ShouldBe(ApiKeyCheckOutcome.Revoked);
        var listed = (await app.Keys.ListAsync(Cancel)).Single(k => k.Name == created.Info.Name);
        listed.RevokedAt.ShouldNotBeNull();
        listed.RepositoryId.ShouldBe(repository.Id);
        listed.RepositoryName.ShouldBe(repository.Name);
        await Should.ThrowAsync<ApiKeyException>(() => app.Keys.RevokeAsync($"missing-{Guid.NewGuid():N}", Cancel));
    }
}
