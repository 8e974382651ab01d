using Hangfire.Dashboard;
using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MigrationTracker.Web.Security;

internal static class AccountEndpoints
{
    /// <summary><c>POST /account/logout</c>: a form post with its antiforgery token, from the menu.</summary>
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<TrackerUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(SignInServices.LoginPath);
        }).RequireAuthorization();
    }
}

/// <summary>The job dashboard's own check: only administrators (the endpoint's policy asks the same).</summary>
internal sealed class AdministratorsOnlyDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Administrator);
}
