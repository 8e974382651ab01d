using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using MigrationTracker.Testing;

namespace MigrationTracker.EndToEnd.Tests;

/// <summary>
/// An administrator on the Users page: makes a Team maintainer, who signs in and may change only their team's drivers;
/// makes an API key a CI system posts a build with, and revokes it.
/// </summary>
public sealed class UsersPageTests : IAsyncLifetime
{
    private readonly ProductInBrowser _product = new("mt-e2e-users");
    private readonly TemporaryDirectory _folder;

    public UsersPageTests() => _folder = _product.Folder;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Database => Path.Combine(_folder.Combine("data"), "tracker.db");

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage__DataDirectory"] = _folder.Combine("data"),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        await using (var seed = ProductProcess.RunWebCommand(_folder.Combine("web"), ["demo-seed", "--drivers", "12", "--repositories", "2", "--teams", "2", "--weeks", "2"], settings))
        {
            (await seed.WaitForExitAsync(TimeSpan.FromSeconds(120))).ShouldBe(0, seed.Output);
        }

        await _product.StartAsync(settings);
    }

    [Fact]
    public async Task A_team_maintainer_made_on_the_users_page_signs_in_and_may_change_only_their_teams_drivers()
    {
        var (team, ownDriver, otherDriver) = await TeamAndDriversAsync();
        var page = await _product.NewPageAsync(1280, 900);
        await Browsers.OpenAsync(page, _product.Web, "users");

        await Browsers.MudInput(page, "new-email").FillAsync("maintainer@contoso.test");
        await page.GetByTestId("role").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Team maintainer" }).ClickAsync();
        await page.GetByTestId("teams").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = team }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("create-account").ClickAsync();
        var message = page.GetByTestId("users-message");
        await message.WaitForAsync();
        (await message.TextContentAsync())!.ShouldContain($"Created maintainer@contoso.test as a Team maintainer of {team}.");
        var password = (await page.GetByTestId("secret").TextContentAsync())!.Trim();
        password.Length.ShouldBeGreaterThanOrEqualTo(12);
        var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "maintainer@contoso.test" });
        (await row.GetByTestId("account-role").TextContentAsync())!.ShouldBe("Team maintainer");
        await Browsers.ShotAsync(page, "users");

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await Browsers.SignInAsync(page, _product.Web, $"/drivers/{ownDriver}", "maintainer@contoso.test", password);
        await page.GetByTestId("interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        (await page.GetByTestId("signed-in-as").TextContentAsync())!.ShouldBe("maintainer@contoso.test");
        await page.GetByTestId("save-plan").WaitForAsync();
        (await page.GetByTestId("nav-users").CountAsync()).ShouldBe(0, "only administrators see the Users link");

        await Browsers.OpenAsync(page, _product.Web, $"drivers/{otherDriver}");
        await page.GetByTestId("read-only").WaitForAsync();
        (await page.GetByTestId("save-plan").CountAsync()).ShouldBe(0);

        await page.GotoAsync(new Uri(_product.Web.BaseAddress!, "users").ToString());
        await page.WaitForURLAsync(url => url.Contains("/account/denied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_key_made_on_the_users_page_posts_builds_until_it_is_revoked_there()
    {
        var repository = await RepositoryIdAsync();
        var page = await _product.NewPageAsync(1280, 900);
        await Browsers.OpenAsync(page, _product.Web, "users");
        await page.GetByRole(AriaRole.Tab, new PageGetByRoleOptions { Name = "API keys" }).ClickAsync();

        await Browsers.MudInput(page, "key-name").FillAsync("jenkins-drivers");
        await page.GetByTestId("create-key").ClickAsync();
        var secret = page.GetByTestId("secret");
        await secret.WaitForAsync();
        var key = (await secret.TextContentAsync())!.Trim();
        key.ShouldMatch("^mt_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$");
        (await PostBuildAsync(key, repository, "1")).ShouldBe(HttpStatusCode.Created);

        var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "jenkins-drivers" });
        await row.GetByTestId("revoke-key").ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Revoke", Exact = true }).ClickAsync();
        await page.GetByTestId("users-message").Filter(new LocatorFilterOptions { HasText = "Revoked 'jenkins-drivers'." }).WaitForAsync();
        (await row.GetByTestId("key-revoked").TextContentAsync())!.ShouldNotBe("—");
        (await page.ContentAsync()).ShouldNotContain(key, customMessage: "the key is shown once, not after the next change");
        await Browsers.ShotAsync(page, "users-api-keys");

        (await PostBuildAsync(key, repository, "2")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpStatusCode> PostBuildAsync(string key, int repository, string buildId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_product.Web.BaseAddress!, "api/builds"))
        {
            Content = JsonContent.Create(new { repository = repository.ToString(System.Globalization.CultureInfo.InvariantCulture), commit = "3f2a9c1d5e7b", status = "succeeded", buildId }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var response = await _product.Http.SendAsync(request, Cancel);
        return response.StatusCode;
    }

    /// <summary>A team with drivers, one of its drivers, and a driver of another team, from the seeded database.</summary>
    private async Task<(string Team, int OwnDriver, int OtherDriver)> TeamAndDriversAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT t.Id, t.Name, d.Id FROM Drivers d JOIN Teams t ON t.Id = d.TeamId ORDER BY t.Id, d.Id";
        var rows = new List<(int TeamId, string Team, int Driver)>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2)));
            }
        }

        var own = rows.First();
        var other = rows.First(r => r.TeamId != own.TeamId);
        return (own.Team, own.Driver, other.Driver);
    }

    private async Task<int> RepositoryIdAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(Id) FROM Repositories";
        return Convert.ToInt32(await command.ExecuteScalarAsync(Cancel), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _product.DisposeAsync();
}
