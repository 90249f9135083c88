using System;
using System.Threading;

namespace Memoize;

/// <summary>
/// One value in the memory store. The same instance is reachable from the string-keyed store and from the
/// typed index of the generated method that wrote it, so a hit through either sees the same state.
/// </summary>
internal abstract class MemoryEntry
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
    public long FreshDeadline => _shape is { } shape ? shape.FreshDeadline : Deadline;

    /// <summary>The reading of the <see cref="ExpiryClock"/> from which the entry is gone, fallback included.</summary>
    public long KeptDeadline => _shape is { } shape ? shape.KeptDeadline : Deadline;

    /// <summary>The fresh end (time to live plus jitter) in UTC ticks.</summary>
    public long FreshUntilTicks => _shape is { } shape ? shape.FreshUntilTicks : ExpiresAtTicks;

    /// <summary>The eager refresh moment in UTC ticks; <see cref="long.MaxValue"/> for none.</summary>
    public long RefreshAtTicks => _shape is { } shape ? shape.RefreshAtTicks : long.MaxValue;

    // The times of an entry with a fail-safe margin or a refresh moment; null for the usual entry, whose fresh end is
    // its end and whose only deadline is Deadline: a plain entry (every memoized miss without those options) is smaller.
    private readonly LifetimeShape? _shape;

    public readonly string Key;

    /// <summary>The hash of <see cref="Key"/> (<see cref="string.GetHashCode()"/>), computed once per call: the flight table's stripe, and the table's bucket for writes and resizes.</summary>
    public readonly int KeyHash;

    /// <summary>The store generation the entry was written in; a flush starts a new generation.</summary>
    public readonly int Generation;

    /// <summary>For a sliding entry, its idle time and idle deadline; <see langword="null"/> for absolute expiry (set before the entry is stored).</summary>
    public SlidingLife? Sliding;

    /// <summary>The next entry in the same bucket of the store's table (<see cref="KeyChain"/>).</summary>
    public MemoryEntry? NextInTable;

    /// <summary>In a size-limited store, the entry's place in the order of use; <see langword="null"/> otherwise.</summary>
    public System.Collections.Generic.LinkedListNode<MemoryEntry>? UsageNode;

    private int _removed;

    protected MemoryEntry(string key, int keyHash, long expiresAtTicks, long deadline, int generation)
    {
        Key = key;
        KeyHash = keyHash;
        ExpiresAtTicks = expiresAtTicks;
        Deadline = deadline;
        Generation = generation;
    }

    /// <summary>An entry with a fail-safe margin or a refresh moment (see <see cref="EntryTiming"/>).</summary>
    protected MemoryEntry(string key, int keyHash, in EntryTiming timing, in EntryDeadlines deadlines, int generation)
    {
        Key = key;
        KeyHash = keyHash;
        ExpiresAtTicks = timing.KeptUntil;
        Deadline = Math.Min(deadlines.Refresh, deadlines.Fresh);
        Generation = generation;
        if (timing.FreshUntil != timing.KeptUntil || timing.RefreshAt != long.MaxValue || deadlines.Fresh != deadlines.Kept || Deadline != deadlines.Fresh)
        {
            _shape = new LifetimeShape(deadlines.Fresh, deadlines.Kept, timing.FreshUntil, timing.RefreshAt);
        }
    }

    /// <summary>The lifetime the entry was written with.</summary>
    public EntryTiming Timing => new(FreshUntilTicks, RefreshAtTicks, ExpiresAtTicks);

    /// <summary>The value as the string API sees it.</summary>
    public abstract object? Value { get; }

    public bool IsRemoved => Volatile.Read(ref _removed) != 0;

    /// <summary>Marks the entry dead; returns <see langword="true"/> for the first caller only.</summary>
    /// <param name="unindexed">Whether the caller already took the entry out of its typed index.</param>
    public bool MarkRemoved(bool unindexed = false)
    {
        if (Interlocked.Exchange(ref _removed, 1) != 0)
        {
            return false;
        }

        if (!unindexed)
        {
            OnRemoved();
        }

        return true;
    }

    /// <summary>Drops the entry from any typed index that points to it.</summary>
    protected virtual void OnRemoved()
    {
    }
}

/// <summary>A value stored through the string API, as an object.</summary>
internal sealed class ObjectMemoryEntry : MemoryEntry
{
    private readonly object? _value;

    public ObjectMemoryEntry(string key, object? value, long expiresAtTicks, long deadline, int generation)
        : base(key, key.GetHashCode(), expiresAtTicks, deadline, generation)
        => _value = value;

    /// <summary>An entry with a fail-safe margin or a refresh moment (see <see cref="EntryTiming"/>).</summary>
    public ObjectMemoryEntry(string key, object? value, in EntryTiming timing, in EntryDeadlines deadlines, int generation)
        : base(key, key.GetHashCode(), timing, deadlines, generation)
        => _value = value;

    public override object? Value => _value;
}

/// <summary>
/// A sliding entry's life: it expires once unused for <see cref="Ticks"/>. Only sliding entries carry one, so the
/// usual entry is smaller by its two fields.
/// </summary>
internal sealed class SlidingLife(long ticks)
{
    /// <summary>The idle time after which the entry expires, in ticks.</summary>
    public readonly long Ticks = ticks;

    /// <summary>
    /// The reading of the store's <see cref="ExpiryClock"/> from which the entry has gone unused for <see cref="Ticks"/>;
    /// each hit moves it on.
    /// </summary>
    public long IdleDeadline;
}

/// <summary>How the memory store's table chains its entries: by their string key.</summary>
internal readonly struct KeyChain : IEntryChain<string, MemoryEntry>
{
    public static string KeyOf(MemoryEntry entry) => entry.Key;

    public static int HashOf(string key) => key.GetHashCode();

    public static int HashOf(MemoryEntry entry) => entry.KeyHash;

    public static bool HasKey(MemoryEntry entry, string key) => string.Equals(entry.Key, key, StringComparison.Ordinal);

    public static ref MemoryEntry? NextOf(MemoryEntry entry) => ref entry.NextInTable;
}

/// <summary>The readings of a memory store's <see cref="ExpiryClock"/> that match an <see cref="EntryTiming"/>.</summary>
internal readonly record struct EntryDeadlines(long Fresh, long Refresh, long Kept);

/// <summary>The times of a <see cref="MemoryEntry"/> that outlives its fresh end (fail-safe) or refreshes early.</summary>
internal sealed record LifetimeShape(long FreshDeadline, long KeptDeadline, long FreshUntilTicks, long RefreshAtTicks);
