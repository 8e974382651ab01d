using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class ScannedCommitConfiguration : IEntityTypeConfiguration<ScannedCommit>
{
    public void Configure(EntityTypeBuilder<ScannedCommit> builder)
    {
        builder.Property(c => c.CommitId).HasMaxLength(64);
        builder.HasIndex(c => new { c.RepositoryId, c.CommitId }).IsUnique();
        builder.HasIndex(c => new { c.RepositoryId, c.CommitTime });
        builder.HasOne<Repository>().WithMany().HasForeignKey(c => c.RepositoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
