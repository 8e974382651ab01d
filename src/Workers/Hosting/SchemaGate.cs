using MigrationTracker.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MigrationTracker.Workers.Hosting;

/// <summary>Whether this process owns the schema (applies migrations) or waits for the process that does.</summary>
public enum SchemaRole
{
    Migrate,
    Wait,
}

/// <summary>
/// Runs before the job server starts: the web process applies migrations, worker processes wait
/// until the schema is current, so no job ever runs against an old schema.
/// </summary>
internal sealed class SchemaGate(DatabaseSchema schema, SchemaRole role, IOptions<JobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => role == SchemaRole.Migrate
        ? schema.MigrateAsync(cancellationToken)
        : schema.WaitUntilCurrentAsync(options.Value.SchemaPollInterval, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
