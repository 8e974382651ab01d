using MigrationTracker.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MigrationTracker.Core.Data.Configurations;

internal sealed class FileAnalysisConfiguration : IEntityTypeConfiguration<FileAnalysis>
{
    public void Configure(EntityTypeBuilder<FileAnalysis> builder)
    {
        builder.Property(f => f.BlobId).HasMaxLength(64);
        builder.Property(f => f.Language).HasMaxLength(40);
        builder.Property(f => f.SkipReason).HasMaxLength(400);
        builder.HasIndex(f => new { f.BlobId, f.AnalyzerVersion }).IsUnique();
    }
}
