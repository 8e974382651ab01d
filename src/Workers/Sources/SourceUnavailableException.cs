namespace MigrationTracker.Workers.Sources;

/// <summary>A source tree cannot be opened, said in words the user can act on (unknown commit, not a repository).</summary>
public sealed class SourceUnavailableException(string message) : Exception(message);
