using Microsoft.AspNetCore.Http.Metadata;
using MigrationTracker.Web.Api;

namespace MigrationTracker.Web.Security;

/// <summary>
/// How large a request body may be: <see cref="DefaultMaxBodyBytes"/> unless the endpoint declares its own limit
/// with <see cref="WithMaxBodySize{TBuilder}"/>. A larger body is refused with 413 and a problem saying the limit,
/// before authentication and before the endpoint runs.
/// </summary>
internal static class RequestLimits
{
    /// <summary>Nothing the pages, the job dashboard or the API take in comes near this.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>Kestrel stops reading at the limit, also bodies sent without a length (chunked) that only the server can count.</summary>
    public static void AddRequestLimits(this WebApplicationBuilder builder) =>
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = DefaultMaxBodyBytes);

    /// <summary>
    /// The endpoint accepts bodies up to <paramref name="bytes"/>. Endpoint routing hands the limit to the server;
    /// <see cref="UseRequestLimits"/> refuses a larger declared length before anything reads it.
    /// </summary>
    public static TBuilder WithMaxBodySize<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new MaxBodySize(bytes));

    /// <summary>Refuses a body whose declared length is over the endpoint's limit, and answers a server-detected one alike.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limit = LimitOf(context.GetEndpoint());
            if (limit is { } max && context.Request.ContentLength > max)
            {
                await RequestBody.TooLarge(max).ExecuteAsync(context);
                return;
            }

            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted && limit is { } server)
            {
                // A body without a length that the server stopped reading at the limit.
                context.Response.Clear();
                await RequestBody.TooLarge(server).ExecuteAsync(context);
            }
        });

    /// <summary>The endpoint's own limit, the default when it declares none, null when it declares it has none.</summary>
    public static long? LimitOf(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared ? declared.MaxRequestBodySize : DefaultMaxBodyBytes;

    private sealed record MaxBodySize(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
