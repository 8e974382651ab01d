using MigrationTracker.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace MigrationTracker.Core.Tests.Storage;

public sealed class StorageSettingsTests
{
    private const string ContentRoot = "/srv/migrationtracker";

    [Fact]
    public void With_no_settings_the_product_uses_a_SQLite_file_in_the_data_folder()
    {
        var settings = Read([]);

        settings.Provider.ShouldBe(DatabaseProvider.Sqlite);
        settings.DataDirectory.ShouldBe("/srv/migrationtracker/data");
        settings.DisplayTarget.ShouldBe("/srv/migrationtracker/data/tracker.db");
    }

    [Fact]
    public void A_relative_data_folder_is_taken_from_the_content_root()
    {
        var settings = Read(new() { ["Storage:DataDirectory"] = "state" });

        settings.DisplayTarget.ShouldBe("/srv/migrationtracker/state/tracker.db");
    }

    [Theory]
    [InlineData("postgresql")]
    [InlineData("PostgreSql")]
    [InlineData(" POSTGRESQL ")]
    public void The_provider_name_is_read_without_regard_to_case(string name)
    {
        var settings = Read(new() { ["Database:Provider"] = name, ["ConnectionStrings:Tracker"] = "Host=db;Database=tracker;Username=tracker;Password=s3cret" });

        settings.Provider.ShouldBe(DatabaseProvider.PostgreSql);
        settings.DisplayTarget.ShouldNotContain("s3cret");
    }

    [Theory]
    [InlineData("mysql")]
    [InlineData("2")]
    [InlineData("-1")]
    public void An_unknown_provider_is_refused_naming_the_setting_and_the_accepted_values(string name)
    {
        var error = Should.Throw<ConfigurationErrorException>(() => Read(new() { ["Database:Provider"] = name }));

        error.Message.ShouldContain("Database:Provider");
        error.Message.ShouldContain($"'{name}'");
        error.Message.ShouldContain("Accepted values: Sqlite, PostgreSql");
    }

    [Theory]
    [InlineData(null, KeyStore.Folder)]
    [InlineData("folder", KeyStore.Folder)]
    [InlineData(" Database ", KeyStore.Database)]
    public void The_key_store_is_the_data_folder_unless_the_database_is_asked_for(string? value, KeyStore expected)
    {
        Read(new() { ["DataProtection:Keys"] = value }).KeyStore.ShouldBe(expected);
    }

    [Theory]
    [InlineData("Redis")]
    [InlineData("7")]
    public void An_unknown_key_store_is_refused_naming_the_setting_and_the_choices(string value)
    {
        var error = Should.Throw<ConfigurationErrorException>(() => Read(new() { ["DataProtection:Keys"] = value }));

        error.Message.ShouldStartWith($"DataProtection:Keys is '{value}'. Use Folder");
        error.Message.ShouldContain("or Database");
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_is_refused_naming_the_setting()
    {
        var error = Should.Throw<ConfigurationErrorException>(() => Read(new() { ["Database:Provider"] = "PostgreSql" }));

        error.Message.ShouldContain("ConnectionStrings:Tracker");
        error.Message.ShouldContain("ConnectionStrings__Tracker");
    }

    [Theory]
    [InlineData("this is not a connection string")]
    [InlineData("Hots=db;Database=tracker")]
    [InlineData("Database=tracker;Username=tracker")]
    public void A_malformed_PostgreSQL_connection_string_is_refused_naming_the_setting(string connectionString)
    {
        var error = Should.Throw<ConfigurationErrorException>(() => Read(new() { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:Tracker"] = connectionString }));

        error.Message.ShouldContain("ConnectionStrings:Tracker");
        error.Message.ShouldContain("Host=");
    }

    [Fact]
    public void A_malformed_SQLite_connection_string_is_refused_naming_the_setting()
    {
        var error = Should.Throw<ConfigurationErrorException>(() => Read(new() { ["ConnectionStrings:Tracker"] = "Data Sorce=x.db" }));

        error.Message.ShouldContain("ConnectionStrings:Tracker");
        error.Message.ShouldContain("SQLite");
    }

    private static StorageSettings Read(Dictionary<string, string?> values) =>
        StorageSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), ContentRoot);
}
