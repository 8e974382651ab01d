using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MigrationTracker.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for PostgreSQL without a server.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<TrackerDbContext>
{
    public TrackerDbContext CreateDbContext(string[] args)
    {
        var settings = new StorageSettings(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=design_time", Path.GetTempPath());
        var options = new DbContextOptionsBuilder<TrackerDbContext>();
        options.UseTrackerDatabase(settings);
        return new TrackerDbContext(options.Options);
    }
}
