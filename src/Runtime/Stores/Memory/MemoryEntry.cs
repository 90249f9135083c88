using System;
using System.Threading;

namespace Memoize;

/// <summary>
/// One value in the memory store. The same instance is reachable from the string-keyed store and from the
/// typed index of the generated method that wrote it, so a hit through either sees the same state.
/// </summary>
internal class MemoryEntry
{
    /// <summary>
    /// The end of the entry in the store, in UTC ticks; <see cref="long.MaxValue"/> for entries that never expire. With
    /// fail-safe it is later than <see cref="FreshUntilTicks"/>: the entry is kept as a fallback until then.
    /// </summary>
    public readonly long ExpiresAtTicks;

    /// <summary>
    /// The reading of the store's <see cref="ExpiryClock"/> until which a memoized hit returns the entry as is: the
    /// earliest of its refresh moment and its fresh end. The hit path compares only this; anything later is decided
    /// by the remember algorithm (a hit that refreshes, a stale fallback, or a miss).
    /// </summary>
    public readonly long Deadline;

    /// <summary>The reading of the <see cref="ExpiryClock"/> from which the entry is no longer fresh (the string API then misses).</summary>
    public readonly long FreshDeadline;

    /// <summary>The reading of the <see cref="ExpiryClock"/> from which the entry is gone, fallback included.</summary>
    public readonly long KeptDeadline;

    /// <summary>The fresh end (time to live plus jitter) in UTC ticks.</summary>
    public readonly long FreshUntilTicks;

    /// <summary>The eager refresh moment in UTC ticks; <see cref="long.MaxValue"/> for none.</summary>
    public readonly long RefreshAtTicks;

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
        FreshDeadline = deadline;
        KeptDeadline = deadline;
        FreshUntilTicks = expiresAtTicks;
        RefreshAtTicks = long.MaxValue;
        Generation = generation;
    }

    /// <summary>An entry with a fail-safe margin or a refresh moment (see <see cref="EntryTiming"/>).</summary>
    public MemoryEntry(string key, object? value, in EntryTiming timing, in EntryDeadlines deadlines, int generation)
    {
        Key = key;
        _value = value;
        ExpiresAtTicks = timing.KeptUntil;
        FreshUntilTicks = timing.FreshUntil;
        RefreshAtTicks = timing.RefreshAt;
        Deadline = Math.Min(deadlines.Refresh, deadlines.Fresh);
        FreshDeadline = deadlines.Fresh;
        KeptDeadline = deadlines.Kept;
        Generation = generation;
    }

    /// <summary>The lifetime the entry was written with.</summary>
    public EntryTiming Timing => new(FreshUntilTicks, RefreshAtTicks, ExpiresAtTicks);

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

/// <summary>The readings of a memory store's <see cref="ExpiryClock"/> that match an <see cref="EntryTiming"/>.</summary>
internal readonly record struct EntryDeadlines(long Fresh, long Refresh, long Kept);
