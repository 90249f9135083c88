using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// The entries of a <see cref="MemoryCacheStore"/>: live objects in a table of the store's own, reachable by string key
/// and, for memoized methods, through typed indexes keyed by the argument tuple (so a hit builds no string key). Both
/// share the same entries: a value put, forgotten or flushed through the string API is seen by the next call of the
/// method. With a size limit it keeps the order of use and evicts the least recently used entries.
/// </summary>
/// <remarks>
/// Each entry is one object in one table: there is no second cache underneath with its own entry objects, locks and
/// callbacks. Expiry follows the store's <see cref="TimeProvider"/>: an expired entry is dropped when it is touched, and
/// the whole table is swept in the background at most once per <see cref="SweepInterval"/> of the store's clock,
/// started by the reads and writes that follow, so a large cache that stops writing does not hold dead entries.
/// </remarks>
internal sealed partial class MemoryEntryTable : IDisposable
{
    /// <summary>The least time between two background sweeps of expired entries.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private const string ExpiredReason = "Expired";
    private const string CapacityReason = "Capacity";

    private readonly EntryMap<string, MemoryEntry, KeyChain> _entries = new();

    /// <summary>The entries of <paramref name="store"/> when it is a memory store. The one place that looks behind <see cref="ICacheStore"/> for them.</summary>
    public static MemoryEntryTable? Behind(ICacheStore store) => (store as MemoryCacheStore)?.Entries;

    private readonly TimeProvider _time;
    private readonly ExpiryClock _clock;
    private readonly ConcurrentDictionary<object, object> _indexes = new(ReferenceEqualityComparer.Instance);
    private string? _observedName;
    private Microsoft.Extensions.Logging.ILogger? _evictionLogger;
    private int _generation;
    private int _hasUntypedWrites;

    // The reading of the expiry clock from which the next background sweep may start, and whether one runs.
    private long _nextSweep;
    private int _sweeping;

    // With a size limit: every live entry, most recently used first, so the limit is kept exactly at each insert.
    private readonly LinkedList<MemoryEntry>? _usage;
    private readonly long _sizeLimit;
    private readonly int _evictionBatch;

    /// <summary>Creates the entries of a memory store.</summary>
    /// <param name="options">Size limit and compaction.</param>
    /// <param name="timeProvider">The clock for expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public MemoryEntryTable(MemoryCacheStoreOptions options, TimeProvider? timeProvider)
    {
        if (options.SizeLimit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SizeLimit, "MemoryCacheStoreOptions.SizeLimit must be positive, or null for no limit.");
        }

        _time = timeProvider ?? TimeProvider.System;
        _clock = new ExpiryClock(_time);
        if (options.CompactionPercentage is < 0 or > 1 || double.IsNaN(options.CompactionPercentage))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CompactionPercentage, "MemoryCacheStoreOptions.CompactionPercentage must be between 0 and 1.");
        }

        SizeLimit = options.SizeLimit;
        HasSizeLimit = options.SizeLimit is not null;
        if (options.SizeLimit is { } limit)
        {
            _usage = new LinkedList<MemoryEntry>();
            _sizeLimit = limit;
            _evictionBatch = (int)Math.Clamp(limit * options.CompactionPercentage, 1, int.MaxValue);
        }

        _nextSweep = _clock.After(_clock.Now, SweepInterval);
    }

    /// <summary>The most entries kept, or <see langword="null"/> when unbounded.</summary>
    public long? SizeLimit { get; }

    /// <summary>Whether hits record use so the least recently used entries can be evicted.</summary>
    public bool HasSizeLimit { get; }

    /// <summary>The number of entries currently held (expired entries may count until they are next touched or swept).</summary>
    public int Count => _entries.Count;

    public TimeProvider TimeProvider => _time;

    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// Whether anything but a generated method ever wrote to the store. Until then a generated method's miss
    /// cannot find its value under its string key, and skips that lookup.
    /// </summary>
    public bool HasUntypedWrites => Volatile.Read(ref _hasUntypedWrites) != 0;

    /// <summary>Reads the object stored under <paramref name="key"/>.</summary>
    public bool TryGetObject(string key, out object? value)
    {
        if (TryGetEntry(key, out MemoryEntry? entry))
        {
            value = entry.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Stores an object under <paramref name="key"/>, replacing any previous value.</summary>
    public void SetObject(string key, object? value, DateTimeOffset? expiresAt)
    {
        if (!HasUntypedWrites)
        {
            Volatile.Write(ref _hasUntypedWrites, 1);
        }

        long expiresAtTicks = ToTicks(expiresAt);
        Insert(new ObjectMemoryEntry(key, value, expiresAtTicks, DeadlineOf(expiresAtTicks), Generation));
    }

    /// <summary>Removes the entry under <paramref name="key"/>; <see langword="true"/> when a live entry existed.</summary>
    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_entries.TryRemove(key, out MemoryEntry? entry))
        {
            return false;
        }

        bool live = IsAlive(entry);
        Retire(entry);
        return live;
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        // Typed hits compare the generation first, so they miss at once; the indexes are emptied so they hold
        // nothing the store no longer does.
        Interlocked.Increment(ref _generation);
        foreach (object index in _indexes.Values)
        {
            ((IMemoryMethodIndex)index).Clear();
        }

        if (_usage is { } usage)
        {
            lock (usage)
            {
                foreach (MemoryEntry entry in usage)
                {
                    entry.UsageNode = null;
                }

                usage.Clear();
            }
        }

        _entries.Clear();
    }

    /// <summary>Drops every entry; the store stays usable, as an empty one.</summary>
    public void Dispose() => Clear();

    /// <summary>The current time in UTC ticks, from the store's time provider.</summary>
    public long NowTicks => _time.GetUtcNow().UtcTicks;

    /// <summary>The deadline on the store's hit clock of an entry expiring at <paramref name="expiresAtTicks"/> (UTC ticks).</summary>
    public long DeadlineOf(long expiresAtTicks) => _clock.DeadlineOf(expiresAtTicks);

    /// <summary>The deadline of an entry written now that expires at <paramref name="expiresAtTicks"/>, after <paramref name="lifetime"/>.</summary>
    public long DeadlineOf(long expiresAtTicks, TimeSpan lifetime) => _clock.DeadlineOf(expiresAtTicks, lifetime);

    /// <summary>
    /// Whether the string API sees the entry: not removed, not flushed, still fresh (a fail-safe fallback past its time
    /// to live is absent). The clock is read last: it costs the most.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsLive(MemoryEntry entry)
        => !entry.IsRemoved && entry.Generation == Generation && entry.FreshDeadline > _clock.Now;

    /// <summary>Whether the store still keeps the entry, fresh or as a fail-safe fallback.</summary>
    public bool IsKept(MemoryEntry entry)
        => !entry.IsRemoved && entry.Generation == Generation && entry.KeptDeadline > _clock.Now;

    /// <summary>
    /// Whether a hit may return an entry found through a typed index as is, recording the use. One comparison against
    /// <see cref="MemoryEntry.Deadline"/> (the earliest of refresh moment and fresh end): past it the remember algorithm
    /// decides (a hit that refreshes, a stale fallback, or a miss). Sliding entries expire after going unused: touching
    /// it both extends their life and tells whether they are alive. Size-limited stores record the use for
    /// least-recently-used order.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsLiveHit(MemoryEntry entry)
        => !entry.IsRemoved && entry.Generation == Generation && entry.Deadline > _clock.Now && ((entry.Sliding is null && !HasSizeLimit) || Touch(entry));

    /// <summary>How a read finds a kept entry now: fresh, due a refresh, or a stale fallback.</summary>
    public EntryState StateOf(MemoryEntry entry)
    {
        long now = _clock.Now;
        return entry.Deadline > now ? EntryState.Fresh : entry.FreshDeadline > now ? EntryState.RefreshDue : EntryState.Stale;
    }

    /// <summary>The deadlines on this store's hit clock of an entry written now with <paramref name="timing"/>.</summary>
    public EntryDeadlines DeadlinesOf(in EntryTiming timing) => _clock.DeadlinesOf(timing);

    /// <summary>Reads the entry under <paramref name="key"/> that the store still keeps, fresh or as a fail-safe fallback, recording the use.</summary>
    public bool TryGetKept(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemoryEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_entries.TryGetValue(key, out MemoryEntry? found) && IsKept(found) && (found.Sliding is null || Touch(found)))
        {
            if (_usage is not null && found.Sliding is null)
            {
                MarkUsed(found);
            }

            entry = found;
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>Stores an object with a fail-safe margin or a refresh moment, replacing any previous value.</summary>
    public void SetObject(string key, object? value, in EntryTiming timing)
    {
        if (timing.IsPlain)
        {
            SetObject(key, value, timing.KeptUntilTime);
            return;
        }

        if (!HasUntypedWrites)
        {
            Volatile.Write(ref _hasUntypedWrites, 1);
        }

        Insert(new ObjectMemoryEntry(key, value, timing, DeadlinesOf(timing), Generation));
    }

    public MemoryMethodIndex<TArgs, TResult> GetIndex<TArgs, TResult>(object method)
        where TArgs : notnull
        => (MemoryMethodIndex<TArgs, TResult>)_indexes.GetOrAdd(method, static (_, store) => new MemoryMethodIndex<TArgs, TResult>(store), this);

    /// <summary>Puts an entry in the table, marking any entry it replaces as removed.</summary>
    public void Insert(MemoryEntry entry)
    {
        Start(entry);
        if (_entries.AddOrReplace(entry) is { } previous)
        {
            Retire(previous);
        }

        Stored(entry);
    }

    /// <summary>
    /// Puts an entry a generated method computed after finding no live entry under its key: usually the key is free,
    /// so the entry is added in one step; an expired or flushed entry still there is replaced. The method's index is
    /// updated by the caller.
    /// </summary>
    public void InsertComputed(MemoryEntry entry)
    {
        Start(entry);
        if (!_entries.TryAdd(entry, out _) && _entries.AddOrReplace(entry) is { } previous)
        {
            Retire(previous);
        }

        Stored(entry);
    }

    /// <summary>Removes an entry found through a typed index; returns whether it was live.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="unindexed">Whether the caller already took it out of its typed index (which then is not searched again).</param>
    public bool RemoveIndexed(MemoryEntry entry, bool unindexed = false)
    {
        bool live = IsAlive(entry);
        _entries.TryRemove(entry);
        Retire(entry, unindexed);
        return live;
    }

    /// <summary>Before an entry becomes reachable: a sliding entry's first idle deadline.</summary>
    private void Start(MemoryEntry entry)
    {
        if (entry.Sliding is { } sliding)
        {
            sliding.IdleDeadline = _clock.After(_clock.Now, TimeSpan.FromTicks(sliding.Ticks));
        }
    }

    /// <summary>After an entry is in the table: counts it against the size limit, and starts a sweep when one is due.</summary>
    private void Stored(MemoryEntry entry)
    {
        if (_usage is not null)
        {
            TrackAndEvict(entry);
        }

        SweepIfDue();
    }

    /// <summary>An entry left the table (removed, replaced, evicted or expired): it stops counting and leaves its typed index.</summary>
    private void Retire(MemoryEntry entry, bool unindexed = false)
    {
        // Marked first, so an insert that has not yet counted the entry sees it removed and does not count it.
        entry.MarkRemoved(unindexed);
        Unlink(entry);
    }

    /// <summary>Drops an entry found expired, if it is still the one in the table, and reports it.</summary>
    private void Expire(MemoryEntry entry)
    {
        if (_entries.TryRemove(entry))
        {
            Retire(entry);
            ReportEviction(ExpiredReason);
        }
    }

    /// <summary>Counts a new entry as the most recently used and evicts the least recently used ones beyond the limit.</summary>
    private void TrackAndEvict(MemoryEntry entry)
    {
        LinkedList<MemoryEntry> usage = _usage!;
        List<MemoryEntry>? evicted = null;
        lock (usage)
        {
            if (entry.IsRemoved)
            {
                return;
            }

            entry.UsageNode = usage.AddFirst(entry);
            if (usage.Count > _sizeLimit)
            {
                // At least down to the limit, and a batch of CompactionPercentage at once; never the new entry.
                long count = Math.Min(Math.Max(usage.Count - _sizeLimit, _evictionBatch), usage.Count - 1);
                evicted = new List<MemoryEntry>((int)count);
                for (long i = 0; i < count; i++)
                {
                    LinkedListNode<MemoryEntry> last = usage.Last!;
                    usage.RemoveLast();
                    last.Value.UsageNode = null;
                    evicted.Add(last.Value);
                }
            }
        }

        if (evicted is null)
        {
            return;
        }

        foreach (MemoryEntry victim in evicted)
        {
            if (victim.MarkRemoved())
            {
                _entries.TryRemove(victim);
                ReportEviction(CapacityReason);
            }
        }
    }

    /// <summary>Stops counting an entry that left the store.</summary>
    private void Unlink(MemoryEntry entry)
    {
        if (_usage is { } usage)
        {
            // Under the lock even when the entry looks uncounted: an insert may be counting it right now.
            lock (usage)
            {
                if (entry.UsageNode is { List: not null } node)
                {
                    usage.Remove(node);
                }

                entry.UsageNode = null;
            }
        }
    }

    /// <summary>Records a hit: the entry becomes the most recently used.</summary>
    private void MarkUsed(MemoryEntry entry)
    {
        LinkedList<MemoryEntry> usage = _usage!;
        lock (usage)
        {
            if (entry.UsageNode is { List: not null } node && usage.First != node)
            {
                usage.Remove(node);
                usage.AddFirst(node);
            }
        }
    }

    /// <summary>Reports evictions under the store name of the first cache that uses this store.</summary>
    public void ObserveEvictions(string name, Microsoft.Extensions.Logging.ILogger logger, bool logDebug)
    {
        if (Interlocked.CompareExchange(ref _observedName, name, null) is null && logDebug)
        {
            _evictionLogger = logger;
        }
    }

    private void ReportEviction(string reason)
    {
        if (_observedName is { } name)
        {
            if (MemoizeTelemetry.Evictions.Enabled)
            {
                MemoizeTelemetry.RecordEviction(name);
            }

            if (_evictionLogger is { } logger)
            {
                CacheLog.Evicted(logger, name, reason);
            }
        }
    }

    /// <summary>
    /// Touches a live entry, so a size-limited store sees it as recently used and a sliding entry lives on; returns
    /// whether it is still alive: a sliding entry that went unused for its time to live has expired, and is dropped.
    /// </summary>
    public bool Touch(MemoryEntry entry)
    {
        if (_usage is not null)
        {
            MarkUsed(entry);
        }

        if (entry.Sliding is not { } sliding)
        {
            return !entry.IsRemoved;
        }

        long now = _clock.Now;
        if (now >= Volatile.Read(ref sliding.IdleDeadline))
        {
            Expire(entry);
            return false;
        }

        Volatile.Write(ref sliding.IdleDeadline, _clock.After(now, TimeSpan.FromTicks(sliding.Ticks)));
        return !entry.IsRemoved;
    }

    /// <summary>
    /// Whether the entry may still be read: <see cref="IsLive"/>, and for a sliding entry, used within its time to
    /// live. Unlike <see cref="Touch"/> it does not extend the entry's life.
    /// </summary>
    private bool IsAlive(MemoryEntry entry)
        => IsLive(entry) && (entry.Sliding is not { } sliding || _clock.Now < Volatile.Read(ref sliding.IdleDeadline));

    private bool TryGetEntry(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemoryEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(key);
        SweepIfDue();
        if (_entries.TryGetValue(key, out MemoryEntry? found))
        {
            if (IsLive(found) && (found.Sliding is null || Touch(found)))
            {
                if (_usage is not null && found.Sliding is null)
                {
                    MarkUsed(found);
                }

                entry = found;
                return true;
            }

            // Past its fresh end but kept by fail-safe: absent here, still there for the remember algorithm.
            if (!found.IsRemoved && !IsKept(found))
            {
                Expire(found);
            }
        }

        entry = null;
        return false;
    }

    private static long ToTicks(DateTimeOffset? expiresAt) => expiresAt?.UtcTicks ?? long.MaxValue;
}
