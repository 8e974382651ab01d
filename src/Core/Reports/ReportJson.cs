using System.Text.Json;
using System.Text.Json.Serialization;

namespace MigrationTracker.Core.Reports;

/// <summary>How a report model is stored (StoredReport.ModelJson) and served as JSON.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(WeeklyReport report) => JsonSerializer.Serialize(report, Options);

    public static WeeklyReport Deserialize(string json) =>
        JsonSerializer.Deserialize<WeeklyReport>(json, Options) ?? throw new JsonException("The stored report is empty.");
}
