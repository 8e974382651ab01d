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
        // The same content is C in a .c file and C++ in a .cpp file: one result per content and language.
        builder.HasIndex(f => new { f.BlobId, f.Language, f.AnalyzerVersion }).IsUnique();
    }
}
