using MigrationTracker.Testing;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>
/// The PostgreSQL password in <c>ConnectionStrings:Tracker</c> stays out of what the command-line tools print when the
/// database cannot be reached (the web app's own start is covered by StartupTests): the message names the setting,
/// the server and the user, never the password.
/// </summary>
public sealed class ConnectionStringPasswordTests
{
    private const string Password = "pg-Secret-4f8a1c9e";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Tracker"] = $"Host=127.0.0.1;Port=1;Database=tracker;Username=tracker;Password={Password};Timeout=3",
    };

    [Theory]
    [InlineData("Web", "apikey list")]
    [InlineData("Web", "user list")]
    [InlineData("Web", "report --week 2025-W10")]
    [InlineData("Workers", "sync --repository {folder}")]
    [InlineData("Workers", "backfill --repository {folder}")]
    public async Task A_command_that_cannot_reach_the_database_names_the_setting_and_not_the_password(string program, string command)
    {
        using var folder = new TemporaryDirectory("mt-pg-password");
        string[] arguments = [.. command.Split(' ').Select(a => a.Replace("{folder}", folder.Path, StringComparison.Ordinal))];

        await using var process = program == "Web"
            ? ProductProcess.RunWebCommand(folder.Path, arguments, Settings)
            : ProductProcess.RunWorkersCommand(folder.Path, arguments, Settings);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(90));

        exit.ShouldBe(2, process.Output);
        process.Output.ShouldContain("Cannot open the PostgreSQL database 'tracker' on 127.0.0.1:1 as 'tracker'");
        process.Output.ShouldContain("Check ConnectionStrings:Tracker");
        process.Output.ShouldNotContain(Password);
    }
}
