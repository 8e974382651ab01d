namespace MigrationTracker.Testing;

/// <summary>What a test started (servers, worlds) and must stop, stopped in the reverse order.</summary>
public sealed class Disposables : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>Waits for <paramref name="starting"/> and keeps what it gives, to be disposed with the rest.</summary>
    public async Task<T> OwnAsync<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        ArgumentNullException.ThrowIfNull(starting);
        var owned = await starting;
        _owned.Add(owned);
        return owned;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _owned.Clear();
    }
}
