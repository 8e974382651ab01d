using System.Net;

namespace MigrationTracker.Web.Api;

/// <summary>
/// Lets through only requests from this machine. Stands in for role checks on operator
/// endpoints until sign-in exists.
/// </summary>
internal sealed class LocalRequestsOnlyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        var connection = context.HttpContext.Connection;
        var remote = connection.RemoteIpAddress;
        var local = remote is null
            || IPAddress.IsLoopback(remote)
            || (connection.LocalIpAddress is not null && remote.Equals(connection.LocalIpAddress));

        return local
            ? next(context)
            : ValueTask.FromResult<object?>(TypedResults.Problem(
                "This endpoint answers only requests from the machine the product runs on.",
                statusCode: StatusCodes.Status403Forbidden));
    }
}
