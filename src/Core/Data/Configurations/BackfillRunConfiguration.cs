using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class BackfillRunConfiguration : IEntityTypeConfiguration<BackfillRun>
{
    public void Configure(EntityTypeBuilder<BackfillRun> builder)
    {
        builder.Property(b => b.HeadCommit).HasMaxLength(64);
        builder.Property(b => b.Granularity).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.LastError).HasMaxLength(2000);
        builder.Property(b => b.JobId).HasMaxLength(100);
        builder.HasIndex(b => new { b.RepositoryId, b.CreatedAt });
        builder.HasOne(b => b.Repository).WithMany().HasForeignKey(b => b.RepositoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
