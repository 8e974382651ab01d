using System.Collections.Concurrent;

namespace MigrationTracker.Core.Analysis.Scanning;

/// <summary>
/// Analysis results by git blob id and language: a file content is analysed once however many commits and
/// paths carry it. Results are stored without regard to path and re-bound to the path asking.
/// </summary>
public sealed class FileCache
{
    private readonly ConcurrentDictionary<string, FileOutcome> _byBlob = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, FileOutcome Outcome)> _added = new();

    public int Count => _byBlob.Count;

    /// <summary>The cache key of a content read as a language.</summary>
    public static string Key(string blobId, SourceLanguage language) => $"{blobId}:{language.ClocName()}";

    public bool TryGet(string key, out FileOutcome outcome) => _byBlob.TryGetValue(key, out outcome!);

    /// <summary>Adds a result; <paramref name="stored"/> marks one read from storage, which needs no saving.</summary>
    public void Add(string key, FileOutcome outcome, bool stored = false)
    {
        if (_byBlob.TryAdd(key, outcome) && !stored)
        {
            _added.Enqueue((key, outcome));
        }
    }

    /// <summary>Results added since the last call, for a caller that persists them.</summary>
    public IReadOnlyList<(string Key, FileOutcome Outcome)> TakeAdded()
    {
        var taken = new List<(string, FileOutcome)>();
        while (_added.TryDequeue(out var item))
        {
            taken.Add(item);
        }

        return taken;
    }
}

/// <summary>What analysing one file content gave: a report, or the reason it was skipped.</summary>
public sealed record FileOutcome(FileReport? Report, string? SkipReason);
