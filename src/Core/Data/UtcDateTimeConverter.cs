using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MigrationTracker.Core.Data;

/// <summary>Stores times as UTC and reads them back marked as UTC, on every provider.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
