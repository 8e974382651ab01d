using System.Buffers;

namespace MigrationTracker.Core.Analysis.Lexing;

/// <summary>An append-only buffer on pooled arrays: lexing thousands of files allocates no large arrays.</summary>
internal sealed class GrowableBuffer<T>(int capacity)
{
    public T[] Array { get; private set; } = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 64));

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (Count == Array.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(Array.Length * 2);
            System.Array.Copy(Array, larger, Count);
            ArrayPool<T>.Shared.Return(Array);
            Array = larger;
        }

        Array[Count++] = item;
    }

    public T this[int index]
    {
        get => Array[index];
        set => Array[index] = value;
    }
}
