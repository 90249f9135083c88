namespace Memoize;

/// <summary>How a read found the entry of a key.</summary>
internal enum EntryState : byte
{
    /// <summary>No entry is kept (or none readable as the requested type).</summary>
    Missing,

    /// <summary>A fresh entry before its refresh moment: a plain hit.</summary>
    Fresh,

    /// <summary>A fresh entry past its refresh moment: a hit that starts a background refresh.</summary>
    RefreshDue,

    /// <summary>An entry past its time to live that fail-safe still keeps: a fallback, not a hit.</summary>
    Stale,
}

/// <summary>What a read of <see cref="IRememberedEntries{TRead, T}"/> found: the entry's state, its value and its lifetime.</summary>
internal readonly struct EntryRead<T>(EntryState state, T value, EntryTiming timing)
{
    public static EntryRead<T> Miss => default;

    public EntryState State { get; } = state;

    public T Value { get; } = value;

    /// <summary>The lifetime the entry was written with (meaningful when it was found).</summary>
    public EntryTiming Timing { get; } = timing;

    /// <summary>Whether the value may be returned as a hit.</summary>
    public bool IsFresh => State is EntryState.Fresh or EntryState.RefreshDue;

    /// <summary>A hit that always counts as fresh: for reads that cannot tell (a cache the application implements).</summary>
    public static EntryRead<T> FreshHit(T value) => new(EntryState.Fresh, value, EntryTiming.Forever);
}
