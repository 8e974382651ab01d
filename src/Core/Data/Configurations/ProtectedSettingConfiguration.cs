using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class ProtectedSettingConfiguration : IEntityTypeConfiguration<ProtectedSetting>
{
    public void Configure(EntityTypeBuilder<ProtectedSetting> builder)
    {
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.ProtectedValue).HasMaxLength(64_000);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}
