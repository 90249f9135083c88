using System.Threading;

namespace Memoize;

/// <summary>
/// One value in the memory store. The same instance is reachable from the string-keyed store and from the
/// typed index of the generated method that wrote it, so a hit through either sees the same state.
/// </summary>
internal class MemoryEntry
{
    /// <summary>Expiry in UTC ticks; <see cref="long.MaxValue"/> for entries that never expire.</summary>
    public readonly long ExpiresAtTicks;

    /// <summary>The reading of the store's <see cref="ExpiryClock"/> from which the entry is expired.</summary>
    public readonly long Deadline;

    private readonly object? _value;

    public readonly string Key;

    /// <summary>The store generation the entry was written in; a flush starts a new generation.</summary>
    public readonly int Generation;

    /// <summary>For sliding entries, the idle time after which they expire (in ticks); zero for absolute expiry.</summary>
    public long SlidingTicks;

    /// <summary>
    /// For sliding entries, the reading of the store's <see cref="ExpiryClock"/> from which the entry has gone unused
    /// for its time to live; each hit moves it on.
    /// </summary>
    public long IdleDeadline;

    /// <summary>The next entry in the same bucket of the store's <see cref="MemoryEntryMap"/>.</summary>
    public MemoryEntry? NextInTable;

    /// <summary>In a size-limited store, the entry's place in the order of use; <see langword="null"/> otherwise.</summary>
    public System.Collections.Generic.LinkedListNode<MemoryEntry>? UsageNode;

    private int _removed;

    public MemoryEntry(string key, object? value, long expiresAtTicks, long deadline, int generation)
    {
        Key = key;
        _value = value;
        ExpiresAtTicks = expiresAtTicks;
        Deadline = deadline;
        Generation = generation;
    }

    /// <summary>The value as the string API sees it.</summary>
    public virtual object? Value => _value;

    public bool IsRemoved => Volatile.Read(ref _removed) != 0;

    /// <summary>Marks the entry dead; returns <see langword="true"/> for the first caller only.</summary>
    public bool MarkRemoved()
    {
        if (Interlocked.Exchange(ref _removed, 1) != 0)
        {
            return false;
        }

        OnRemoved();
        return true;
    }

    /// <summary>Drops the entry from any typed index that points to it.</summary>
    protected virtual void OnRemoved()
    {
    }
}
