using MigrationTracker.Core;

namespace MigrationTracker.Web.Repositories;

public static class RepositoryServices
{
    /// <summary>The Repositories page's service and the settings of which addresses may be added.</summary>
    public static IServiceCollection AddRepositoryManagement(this IServiceCollection services)
    {
        services.AddRepositoryOptions();
        services.AddSingleton<RepositoryService>();
        return services;
    }
}
