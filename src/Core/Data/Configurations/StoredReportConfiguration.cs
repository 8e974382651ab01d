using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class StoredReportConfiguration : IEntityTypeConfiguration<StoredReport>
{
    public void Configure(EntityTypeBuilder<StoredReport> builder)
    {
        builder.ToTable("Reports");
        builder.Property(r => r.Scope).HasMaxLength(100);
        builder.Property(r => r.GeneratedBy).HasMaxLength(200);
        builder.HasIndex(r => new { r.WeekStart, r.Scope }).IsUnique();
    }
}
