using System.Globalization;
using MigrationTracker.Core.Domain;
using MigrationTracker.Core.Portfolio;
using Microsoft.AspNetCore.WebUtilities;

namespace MigrationTracker.Web.Drivers;

/// <summary>
/// The drivers grid's state in its address (<c>/drivers?team=3&amp;sort=readiness&amp;desc=1</c>), so a
/// filtered view can be shared as a link, and its CSV download asks for exactly the same rows.
/// </summary>
public static class DriverGridAddress
{
    public static DriverGridQuery Parse(IReadOnlyDictionary<string, string?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? Get(string key) => query.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        int? Int(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        T? Enum<T>(string key)
            where T : struct, System.Enum => System.Enum.TryParse<T>(Get(key), ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value : null;

        return new DriverGridQuery
        {
            Text = Get("q"),
            TeamId = Int("team"),
            RepositoryId = Int("repository"),
            Language = Enum<DriverLanguage>("language"),
            Model = Enum<DriverModel>("model"),
            Framework = Get("framework"),
            Stage = Enum<MigrationStage>("stage"),
            Band = Enum<ReadinessBand>("band"),
            Sort = Enum<DriverSort>("sort") ?? DriverSort.Name,
            Descending = Get("desc") is "1" or "true",
            Page = Math.Max(0, Int("page") ?? 0),
            PageSize = Math.Clamp(Int("size") ?? 25, 10, 200),
        };
    }

    public static string Format(string path, DriverGridQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["q"] = query.Text,
            ["team"] = query.TeamId?.ToString(CultureInfo.InvariantCulture),
            ["repository"] = query.RepositoryId?.ToString(CultureInfo.InvariantCulture),
            ["language"] = query.Language?.ToString(),
            ["model"] = query.Model?.ToString(),
            ["framework"] = query.Framework,
            ["stage"] = query.Stage?.ToString(),
            ["band"] = query.Band?.ToString(),
            ["sort"] = query.Sort == DriverSort.Name ? null : query.Sort.ToString(),
            ["desc"] = query.Descending ? "1" : null,
            ["page"] = query.Page > 0 ? query.Page.ToString(CultureInfo.InvariantCulture) : null,
            ["size"] = query.PageSize != 25 ? query.PageSize.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString(path, parameters.Where(p => p.Value is not null));
    }
}
