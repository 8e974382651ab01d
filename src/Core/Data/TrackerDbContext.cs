using MigrationTracker.Core.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MigrationTracker.Core.Data;

/// <summary>The product's database: the unit of work for every page, job and API call.</summary>
public class TrackerDbContext(DbContextOptions<TrackerDbContext> options) : IdentityDbContext<TrackerUser>(options), IDataProtectionKeyContext
{
    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<Repository> Repositories => Set<Repository>();

    public DbSet<Credential> Credentials => Set<Credential>();

    public DbSet<Driver> Drivers => Set<Driver>();

    public DbSet<Snapshot> Snapshots => Set<Snapshot>();

    public DbSet<FileAnalysis> FileAnalyses => Set<FileAnalysis>();

    public DbSet<BuildResult> BuildResults => Set<BuildResult>();

    public DbSet<StoredReport> Reports => Set<StoredReport>();

    public DbSet<ReportDelivery> ReportDeliveries => Set<ReportDelivery>();

    public DbSet<ScoringPolicy> ScoringPolicies => Set<ScoringPolicy>();

    public DbSet<WorkerProbe> WorkerProbes => Set<WorkerProbe>();

    public DbSet<BackfillRun> BackfillRuns => Set<BackfillRun>();

    public DbSet<SnapshotDetail> SnapshotDetails => Set<SnapshotDetail>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<ScannedCommit> ScannedCommits => Set<ScannedCommit>();

    public DbSet<DriverChange> DriverChanges => Set<DriverChange>();

    public DbSet<ProtectedSetting> ProtectedSettings => Set<ProtectedSetting>();

    /// <summary>The Data Protection key ring, when <c>DataProtection:Keys</c> is <c>Database</c> (several machines share it).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TrackerDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Every time is UTC. SQLite forgets the kind on the way back; PostgreSQL's timestamptz insists on it.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
