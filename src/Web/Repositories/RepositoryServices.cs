using Microsoft.Extensions.Options;
using MigrationTracker.Core.Repositories;

namespace MigrationTracker.Web.Repositories;

public static class RepositoryServices
{
    /// <summary>The Repositories page's service and the settings of which addresses may be added.</summary>
    public static IServiceCollection AddRepositoryManagement(this IServiceCollection services)
    {
        services.AddOptions<RepositoryOptions>()
            .BindConfiguration(RepositoryOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RepositoryOptions>, RepositoryOptionsValidation>();
        services.AddSingleton<RepositoryService>();
        return services;
    }

    private sealed class RepositoryOptionsValidation : IValidateOptions<RepositoryOptions>
    {
        public ValidateOptionsResult Validate(string? name, RepositoryOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
