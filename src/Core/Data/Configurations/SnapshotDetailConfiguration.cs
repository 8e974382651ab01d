using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class SnapshotDetailConfiguration : IEntityTypeConfiguration<SnapshotDetail>
{
    public void Configure(EntityTypeBuilder<SnapshotDetail> builder)
    {
        builder.HasKey(d => d.Hash);
        builder.Property(d => d.Hash).HasMaxLength(64);
    }
}
