using System.Collections.Concurrent;

namespace MigrationTracker.Core.Analysis.Discovery;

/// <summary>
/// Parsed project files, INF files and manifests by path and text, kept across discoveries: scanning
/// a history rediscovers a tree whose files mostly did not change, and parsing them is the cost.
/// </summary>
public sealed class DiscoveryCache
{
    private readonly ConcurrentDictionary<(string Path, string Text), object> _parsed = new(new KeyComparer());

    internal T GetOrAdd<T>(string path, string text, Func<string, string, T> parse)
        where T : notnull =>
        (T)_parsed.GetOrAdd((path, text), key => parse(key.Path, key.Text));

    /// <summary>Texts of unchanged files are usually the same string instance: compare references first.</summary>
    private sealed class KeyComparer : IEqualityComparer<(string Path, string Text)>
    {
        public bool Equals((string Path, string Text) x, (string Path, string Text) y) =>
            string.Equals(x.Path, y.Path, StringComparison.Ordinal)
            && (ReferenceEquals(x.Text, y.Text) || string.Equals(x.Text, y.Text, StringComparison.Ordinal));

        public int GetHashCode((string Path, string Text) obj) =>
            HashCode.Combine(StringComparer.Ordinal.GetHashCode(obj.Path), obj.Text.Length);
    }
}
