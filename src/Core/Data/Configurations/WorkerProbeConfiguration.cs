using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class WorkerProbeConfiguration : IEntityTypeConfiguration<WorkerProbe>
{
    public void Configure(EntityTypeBuilder<WorkerProbe> builder)
    {
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.WorkerName).HasMaxLength(300);
    }
}
