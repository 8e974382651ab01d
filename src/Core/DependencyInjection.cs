using MigrationTracker.Core.Data;
using MigrationTracker.Core.Portfolio;
using MigrationTracker.Core.Reports;
using MigrationTracker.Core.Repositories;
using MigrationTracker.Core.Reports.Formats;
using MigrationTracker.Core.Security;
using MigrationTracker.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Core;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the database for the configured provider. Reads and checks the settings now,
    /// so a wrong provider or connection string stops start-up with a message naming the setting.
    /// </summary>
    public static StorageSettings AddTrackerDatabase(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var settings = StorageSettings.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDbContextFactory<TrackerDbContext>(options => options.UseTrackerDatabase(settings));
        builder.Services.AddSingleton<DatabaseSchema>();
        builder.Services.AddSingleton<SnapshotStore>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<PortfolioQueries>();
        builder.Services.AddSingleton<DemoPortfolio>();
        builder.Services.AddReportServices();
        return settings;
    }

    /// <summary>Weekly reports: the builder, the store, and a writer per format.</summary>
    public static IServiceCollection AddReportServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PortfolioQueries>();
        services.TryAddSingleton<WeeklyReportBuilder>();
        services.TryAddSingleton<ReportStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReportWriter, XlsxReportWriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReportWriter, CsvReportWriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReportWriter, MarkdownReportWriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReportWriter, DeferredPdfReportWriter>(services =>
            new DeferredPdfReportWriter(services.GetService<IConfiguration>()?[DeferredPdfReportWriter.FontFolderKey])));
        services.TryAddSingleton<ReportRenderer>();
        return services;
    }

    /// <summary>
    /// Which repository addresses may be added and synced (<c>Repositories</c>), bound and checked at start once however
    /// many parts of a process ask for them: the configuration binder appends to a list it finds, so a second binding
    /// would read every entry twice (and <c>none</c>, the single entry that turns local paths off, as a folder).
    /// </summary>
    public static IServiceCollection AddRepositoryOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<RepositoryOptions>)))
        {
            return services;
        }

        services.AddOptions<RepositoryOptions>()
            .BindConfiguration(RepositoryOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RepositoryOptions>, RepositoryOptionsValidation>();
        return services;
    }

    /// <summary>Points EF Core at the provider and migrations assembly the settings name.</summary>
    public static DbContextOptionsBuilder UseTrackerDatabase(this DbContextOptionsBuilder options, StorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);

        return settings.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(settings.ConnectionString, sqlite => sqlite.MigrationsAssembly(settings.MigrationsAssembly)),
            DatabaseProvider.PostgreSql => options.UseNpgsql(settings.ConnectionString, npgsql => npgsql.MigrationsAssembly(settings.MigrationsAssembly)),
            _ => throw new ConfigurationErrorException($"{StorageSettings.ProviderKey} accepts {StorageSettings.AcceptedProviders}."),
        };
    }

    private sealed class RepositoryOptionsValidation : IValidateOptions<RepositoryOptions>
    {
        public ValidateOptionsResult Validate(string? name, RepositoryOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
