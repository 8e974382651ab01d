using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class ScoringPolicyConfiguration : IEntityTypeConfiguration<ScoringPolicy>
{
    public void Configure(EntityTypeBuilder<ScoringPolicy> builder)
    {
        builder.Property(p => p.CreatedBy).HasMaxLength(200);
        builder.Property(p => p.Comment).HasMaxLength(1000);
        builder.HasIndex(p => p.Version).IsUnique();
    }
}
