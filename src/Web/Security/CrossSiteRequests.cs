using MigrationTracker.Web.Api;

namespace MigrationTracker.Web.Security;

/// <summary>
/// Cookie-authenticated POSTs that read no form. ASP.NET Core checks antiforgery tokens only where an endpoint binds a
/// form, so without this a page on a sibling host (same site, so the Lax sign-in cookie goes along) could post an
/// empty form to them in a signed-in person's name. They require <c>X-Requested-With: XMLHttpRequest</c> instead:
/// a form cannot set a header, and a script on another origin can only after a CORS preflight, which this product
/// never grants. A header rather than a token, because the callers are scripts and operators with a cookie, which
/// have no page to read a token from. API-key callers (machines, no cookie) need nothing.
/// </summary>
internal static class CrossSiteRequests
{
    public const string HeaderName = "X-Requested-With";

    public const string HeaderValue = "XMLHttpRequest";

    /// <summary>Refuses a signed-in POST without the header with 400 and a problem saying what to add; it runs after authorization.</summary>
    public static TBuilder RequireScriptHeader<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            var byCookie = context.HttpContext.User.Identity?.AuthenticationType != ApiKeyAuthenticationHandler.SchemeName;
            if (byCookie && !string.Equals(request.Headers[HeaderName], HeaderValue, StringComparison.OrdinalIgnoreCase))
            {
                return TypedResults.Problem(
                    $"Requests signed in with the browser's cookie must carry the header '{HeaderName}: {HeaderValue}', which forms on other sites cannot send. " +
                    $"From a script: curl -H '{HeaderName}: {HeaderValue}' ...",
                    statusCode: StatusCodes.Status400BadRequest,
                    title: $"{HeaderName} header missing");
            }

            return await next(context);
        });
}
