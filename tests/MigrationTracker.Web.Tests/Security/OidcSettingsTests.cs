using MigrationTracker.Testing;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>OpenID Connect settings an operator gets wrong stop start-up with a message, instead of failing every request.</summary>
public sealed class OidcSettingsTests
{
    [Theory]
    [InlineData("https://login.example.test/tenant/v2.0", "", "true", "Viewer", "Authentication:Oidc:ClientId is empty")]
    [InlineData("http://login.example.test/tenant/v2.0", "tracker", "true", "Viewer", "Authentication:Oidc:Authority 'http://login.example.test/tenant/v2.0' is not https")]
    [InlineData("login.example.test", "tracker", "true", "Viewer", "Authentication:Oidc:Authority is 'login.example.test', which is not an https address")]
    [InlineData("https://login.example.test/tenant/v2.0", "tracker", "true", "Reader", "Authentication:Oidc:DefaultRole is 'Reader', which is not a role. Roles: Viewer")]
    public async Task A_wrong_setting_stops_start_up_naming_it(string authority, string clientId, string requireHttpsMetadata, string defaultRole, string message)
    {
        using var folder = new TemporaryDirectory("mt-web");
        await using var web = ProductProcess.StartWeb(folder.Path, new Dictionary<string, string?>
        {
            ["Authentication__Oidc__Authority"] = authority,
            ["Authentication__Oidc__ClientId"] = clientId,
            ["Authentication__Oidc__ClientSecret"] = "not-logged-anywhere",
            ["Authentication__Oidc__RequireHttpsMetadata"] = requireHttpsMetadata,
            ["Authentication__Oidc__DefaultRole"] = defaultRole,
        });

        var exitCode = await web.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(2, web.Output);
        web.Output.ShouldContain($"MigrationTracker cannot start: {message}");
        web.Output.ShouldNotContain("not-logged-anywhere");
    }
}
