using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class DriverChangeConfiguration : IEntityTypeConfiguration<DriverChange>
{
    public void Configure(EntityTypeBuilder<DriverChange> builder)
    {
        builder.Property(c => c.Field).HasMaxLength(40);
        builder.Property(c => c.OldValue).HasMaxLength(400);
        builder.Property(c => c.NewValue).HasMaxLength(400);
        builder.Property(c => c.ChangedBy).HasMaxLength(200);
        builder.HasIndex(c => new { c.DriverId, c.ChangedAt });
        builder.HasOne<Driver>().WithMany().HasForeignKey(c => c.DriverId).OnDelete(DeleteBehavior.Cascade);
    }
}
