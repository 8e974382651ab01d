using MigrationTracker.Core.Domain;
using MigrationTracker.Testing;
using MigrationTracker.Web.Security;
using MigrationTracker.Web.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MigrationTracker.Web.Tests.Security;

/// <summary>
/// The web app in process, on a fresh data folder, with OpenID Connect sign-in against an <see cref="OidcStandIn"/>
/// (Viewer as the default role). Every log line is captured.
/// </summary>
public sealed class OidcSignInFactory(OidcStandIn provider, bool createAccounts, bool trustUnverifiedEmail = false) : WebApplicationFactory<Program>
{
    public const string DisplayName = "Contoso ID";

    private readonly TemporaryDirectory _data = new("mt-oidc");

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataDirectory", _data.Path);
        builder.UseSetting("Jobs:RunServer", "false");
        foreach (var (key, value) in TestAccounts.AdminSettings.Concat(TestLocalRoots.Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting($"{OidcOptions.SectionName}:Authority", provider.Authority);
        builder.UseSetting($"{OidcOptions.SectionName}:ClientId", OidcStandIn.ClientId);
        builder.UseSetting($"{OidcOptions.SectionName}:ClientSecret", OidcStandIn.ClientSecret);
        builder.UseSetting($"{OidcOptions.SectionName}:DisplayName", DisplayName);
        builder.UseSetting($"{OidcOptions.SectionName}:DefaultRole", Roles.Viewer);
        builder.UseSetting($"{OidcOptions.SectionName}:CreateAccounts", createAccounts ? "true" : "false");
        builder.UseSetting($"{OidcOptions.SectionName}:TrustUnverifiedEmail", trustUnverifiedEmail ? "true" : "false");
        builder.UseSetting($"{OidcOptions.SectionName}:RequireHttpsMetadata", "false");

        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        });
    }

    /// <summary>An account made the way <c>user add</c> makes one, with a password nobody needs here.</summary>
    public async Task CreateAccountAsync(string email, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(email, role, password: null, []);
    }

    /// <summary>Changes an account the way the Users page does.</summary>
    public async Task ChangeAccountAsync(Func<UserAccounts, Task> change)
    {
        await using var scope = Services.CreateAsyncScope();
        await change(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }

    /// <summary>The accounts as <c>user list</c> shows them.</summary>
    public async Task<IReadOnlyList<UserSummary>> UsersAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserAccounts>().ListAsync();
    }

    /// <summary>The identity provider logins linked to the account with this email.</summary>
    public async Task<IList<UserLoginInfo>> LoginsAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TrackerUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new ShouldAssertException($"No account has the email {email}.");
        return await users.GetLoginsAsync(user);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}

/// <summary>
/// One stand-in provider and the apps the sign-in tests need: one creating accounts, one only admitting people who have
/// one, one trusting unverified email addresses.
/// </summary>
public sealed class OidcSignInFixture : IAsyncLifetime
{
    public OidcStandIn Provider { get; private set; } = null!;

    /// <summary><c>CreateAccounts = true</c>.</summary>
    public OidcSignInFactory Open { get; private set; } = null!;

    /// <summary><c>CreateAccounts = false</c>; its host starts only when a test uses it.</summary>
    public OidcSignInFactory AccountsOnly { get; private set; } = null!;

    /// <summary><c>CreateAccounts = false</c>, <c>TrustUnverifiedEmail = true</c>; its host starts only when a test uses it.</summary>
    public OidcSignInFactory TrustingEmails { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Provider = await OidcStandIn.StartAsync();
        Open = new OidcSignInFactory(Provider, createAccounts: true);
        AccountsOnly = new OidcSignInFactory(Provider, createAccounts: false);
        TrustingEmails = new OidcSignInFactory(Provider, createAccounts: false, trustUnverifiedEmail: true);
    }

    public async ValueTask DisposeAsync()
    {
        await TrustingEmails.DisposeAsync();
        await AccountsOnly.DisposeAsync();
        await Open.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
