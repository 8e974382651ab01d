using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class ReportDeliveryConfiguration : IEntityTypeConfiguration<ReportDelivery>
{
    public void Configure(EntityTypeBuilder<ReportDelivery> builder)
    {
        builder.Property(d => d.Target).HasMaxLength(1000);
        builder.Property(d => d.LastError).HasMaxLength(2000);

        // One delivery per report, channel and destination: a retried report job never sends twice.
        builder.HasIndex(d => new { d.ReportId, d.Channel, d.Target }).IsUnique();
        builder.HasOne(d => d.Report).WithMany(r => r.Deliveries).HasForeignKey(d => d.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
