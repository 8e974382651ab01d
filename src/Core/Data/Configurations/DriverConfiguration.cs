using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class DriverConfiguration : IEntityTypeConfiguration<Driver>
{
    public void Configure(EntityTypeBuilder<Driver> builder)
    {
        builder.Property(d => d.ProjectPath).HasMaxLength(1000);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.Language).HasConversion<string>().HasMaxLength(10);
        builder.Property(d => d.Model).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Framework).HasMaxLength(60);
        builder.Property(d => d.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.PairingSource).HasConversion<string>().HasMaxLength(20);

        builder.HasIndex(d => new { d.RepositoryId, d.ProjectPath }).IsUnique();
        builder.HasIndex(d => d.Name);

        builder.HasOne(d => d.Repository).WithMany(r => r.Drivers).HasForeignKey(d => d.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Team).WithMany(t => t.Drivers).HasForeignKey(d => d.TeamId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(d => d.Counterpart).WithMany().HasForeignKey(d => d.CounterpartId).OnDelete(DeleteBehavior.SetNull);
    }
}
