using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class SnapshotConfiguration : IEntityTypeConfiguration<Snapshot>
{
    public void Configure(EntityTypeBuilder<Snapshot> builder)
    {
        builder.Property(s => s.CommitId).HasMaxLength(64);
        builder.Property(s => s.ReadinessBand).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(s => s.TotalCodeLines);

        // A re-run of the same scan finds its snapshot already there: never a duplicate.
        builder.HasIndex(s => new { s.DriverId, s.CommitId }).IsUnique();
        builder.HasIndex(s => new { s.DriverId, s.CommitTime });
        builder.HasIndex(s => s.CommitTime);

        builder.Property(s => s.DetailHash).HasMaxLength(64);
        builder.HasOne<SnapshotDetail>().WithMany().HasForeignKey(s => s.DetailHash).OnDelete(DeleteBehavior.Restrict);

        builder.HasOne(s => s.Driver).WithMany(d => d.Snapshots).HasForeignKey(s => s.DriverId).OnDelete(DeleteBehavior.Cascade);
    }
}
