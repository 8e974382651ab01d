using MigrationTracker.Core;
using MigrationTracker.Core.Data;
using MigrationTracker.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MigrationTracker.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for SQLite without starting the app.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<TrackerDbContext>
{
    public TrackerDbContext CreateDbContext(string[] args)
    {
        var settings = new StorageSettings(DatabaseProvider.Sqlite, "Data Source=design-time.db", Path.GetTempPath());
        var options = new DbContextOptionsBuilder<TrackerDbContext>();
        options.UseTrackerDatabase(settings);
        return new TrackerDbContext(options.Options);
    }
}
