using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class RepositoryConfiguration : IEntityTypeConfiguration<Repository>
{
    public void Configure(EntityTypeBuilder<Repository> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Location).HasMaxLength(1000);
        builder.Property(r => r.ApiBaseUrl).HasMaxLength(1000);
        builder.Property(r => r.DefaultBranch).HasMaxLength(250);
        builder.Property(r => r.WebUrl).HasMaxLength(1000);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.LastSyncedCommit).HasMaxLength(64);
        builder.Property(r => r.LastError).HasMaxLength(4000);
        builder.HasIndex(r => new { r.Kind, r.Location }).IsUnique();

        builder.HasOne(r => r.Team).WithMany(t => t.Repositories).HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(r => r.Credential).WithMany().HasForeignKey(r => r.CredentialId).OnDelete(DeleteBehavior.SetNull);
    }
}
