using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class BuildResultConfiguration : IEntityTypeConfiguration<BuildResult>
{
    public void Configure(EntityTypeBuilder<BuildResult> builder)
    {
        builder.Property(b => b.CommitId).HasMaxLength(64);
        builder.Property(b => b.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.ExternalId).HasMaxLength(200);
        builder.Property(b => b.Name).HasMaxLength(300);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Url).HasMaxLength(2000);

        builder.HasIndex(b => new { b.RepositoryId, b.Source, b.ExternalId }).IsUnique();
        builder.HasIndex(b => new { b.RepositoryId, b.CommitId });

        builder.HasOne(b => b.Repository).WithMany().HasForeignKey(b => b.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(b => b.Driver).WithMany().HasForeignKey(b => b.DriverId).OnDelete(DeleteBehavior.SetNull);
    }
}
