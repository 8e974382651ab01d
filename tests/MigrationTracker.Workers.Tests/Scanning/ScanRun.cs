using System.Text.Json;
using System.Text.Json.Serialization;
using MigrationTracker.Core.Analysis.Scanning;
using MigrationTracker.Workers.Scanning;

namespace MigrationTracker.Workers.Tests.Scanning;

/// <summary>What one run of the scan command printed and returned.</summary>
internal sealed record ScanRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs the scan command in-process with its output captured (args without the <c>scan</c> verb).</summary>
    public static async Task<ScanRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ScanCommand.RunAsync(args, output, error);
        return new ScanRun(exitCode, output.ToString(), error.ToString());
    }

    public JsonDocument Json() => JsonDocument.Parse(Output);
}

/// <summary>A report as comparable text: records holding lists compare by reference, JSON by content.</summary>
internal static class ScanJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(ScanReport report) => JsonSerializer.Serialize(report, Options);
}
