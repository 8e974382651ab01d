using Hangfire;
using Hangfire.Dashboard;
using MigrationTracker.Core.Storage;
using MigrationTracker.Web.Api;
using MigrationTracker.Web.Components;
using MigrationTracker.Web.Components.Overview;
using MigrationTracker.Web.Drivers;
using Microsoft.AspNetCore.Authentication;
using MigrationTracker.Web.Health;
using MigrationTracker.Web.Repositories;
using MigrationTracker.Web.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;

namespace MigrationTracker.Web;

public static class DependencyInjection
{
    public static void AddWebServices(this WebApplicationBuilder builder, StorageSettings storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(storage);

        // Data Protection (keys in the data folder) is registered by AddTrackerJobs, shared with the worker processes.
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddDriverPages();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<OverviewSource>();

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [HealthTags.Ready])
            .AddCheck<JobStorageHealthCheck>("jobs", tags: [HealthTags.Ready]);

        builder.Services.AddHostedService<StartupAnnouncer>();
        builder.Services.AddRepositoryManagement();

        builder.Services.AddOptions<GitHubWebhookOptions>().BindConfiguration(GitHubWebhookOptions.SectionName);
        builder.Services.AddSingleton<GitHubWebhookSecret>();

        // People sign in with a cookie (local accounts; OpenID Connect when configured); machine clients authenticate
        // per endpoint (API key, webhook signature). Everything not marked otherwise needs a signed-in user with a role.
        builder.Services.AddTrackerSignIn(builder.Configuration)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        builder.Services.AddHostedService<FirstAdministrator>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.BuildPoster, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());

        // Hardening: HTTPS behind a configured proxy (forwarded headers, Secure cookies, HSTS).
        builder.AddTransportSecurity();

        // Hardening: request body limits and the (opt-in) status badges.
        builder.AddRequestLimits();
        builder.Services.AddBadges();
    }

    public static void UseWebPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Before anything reads the scheme or the client's address.
        app.UseTransportSecurity();

        // Hardening: first, so that every response carries the security headers, error pages included.
        app.UseSecurityHeaders();

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        // People get the not-found page; machines (the API, the job dashboard's calls, badge images) keep their status codes.
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hangfire")
                && !context.Request.Path.StartsWithSegments("/badge"),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found"));

        // Hardening: oversized bodies are refused before authentication and before any endpoint reads them.
        app.UseRequestLimits();

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthReportWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();

        // The job dashboard is for administrators: the endpoint policy checks the role, the filter checks it again.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdministratorsOnlyDashboardFilter()],
            DisplayStorageConnectionString = false,
            DashboardTitle = "MigrationTracker jobs",
        }).RequireAuthorization(AccessPolicies.Administer);
        app.MapAccountEndpoints();

        app.MapDiagnosticsEndpoints();
        app.MapBuildsEndpoints();
        app.MapReportsEndpoints();
        app.MapGitHubWebhookEndpoints();
        app.MapDriverExports();
        app.MapBadgeEndpoints();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
