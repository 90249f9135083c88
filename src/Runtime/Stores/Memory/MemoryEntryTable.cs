using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Microsoft.Extensions.Caching.Memory;

namespace Memoize;

/// <summary>
/// The entries of a <see cref="MemoryCacheStore"/>: live objects on <see cref="MemoryCache"/>, reachable by string
/// key and, for memoized methods, through typed indexes keyed by the argument tuple (so a hit builds no string key).
/// Both share the same entries: a value put, forgotten or flushed through the string API is seen by the next call of
/// the method. With a size limit it keeps the order of use and evicts the least recently used entries.
/// </summary>
internal sealed partial class MemoryEntryTable : IDisposable
{
    private readonly MemoryCache _cache;

    /// <summary>The entries of <paramref name="store"/> when it is a memory store. The one place that looks behind <see cref="ICacheStore"/> for them.</summary>
    public static MemoryEntryTable? Behind(ICacheStore store) => (store as MemoryCacheStore)?.Entries;

    private readonly TimeProvider _time;
    private readonly ExpiryClock _clock;
    private readonly ConcurrentDictionary<object, object> _indexes = new(ReferenceEqualityComparer.Instance);
    private readonly PostEvictionDelegate _onEvicted;
    private string? _observedName;
    private Microsoft.Extensions.Logging.ILogger? _evictionLogger;
    private int _generation;
    private int _hasUntypedWrites;

    // With a size limit: every live entry, most recently used first. MemoryCache's own size limit refuses new entries
    // while it is full and evicts on the thread pool later, so the limit is kept here, exactly, at each insert.
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
        _onEvicted = OnEvicted;
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

        _cache = new MemoryCache(new MemoryCacheOptions
        {
#pragma warning disable CS0618 // ISystemClock is how MemoryCache takes a clock.
            // Without one it reads the system time directly, which is what TimeProvider.System would do, a call later.
            Clock = ReferenceEquals(_time, TimeProvider.System) ? null : new TimeProviderClock(_time),
#pragma warning restore CS0618
        });
    }

    /// <summary>The most entries kept, or <see langword="null"/> when unbounded.</summary>
    public long? SizeLimit { get; }

    /// <summary>Whether hits record use so the least recently used entries can be evicted.</summary>
    public bool HasSizeLimit { get; }

    /// <summary>The number of entries currently held (expired entries may count until they are next touched).</summary>
    public int Count => _cache.Count;

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
        Insert(new MemoryEntry(key, value, expiresAtTicks, DeadlineOf(expiresAtTicks), Generation));
    }

    /// <summary>Removes the entry under <paramref name="key"/>; <see langword="true"/> when a live entry existed.</summary>
    public bool Remove(string key)
    {
        // A stale entry kept as a fallback goes too (a forgotten value is never served), but does not count as existing.
        bool existed = false;
        if (TryGetKept(key, out MemoryEntry? entry))
        {
            existed = IsLive(entry);
            Unlink(entry);
            entry.MarkRemoved();
        }

        _cache.Remove(key);
        return existed;
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
                usage.Clear();
            }
        }

        _cache.Clear();
    }

    /// <summary>Releases the underlying memory cache.</summary>
    public void Dispose() => _cache.Dispose();

    /// <summary>The current time in UTC ticks, from the store's time provider.</summary>
    public long NowTicks => _time.GetUtcNow().UtcTicks;

    /// <summary>The deadline on the store's hit clock of an entry expiring at <paramref name="expiresAtTicks"/> (UTC ticks).</summary>
    public long DeadlineOf(long expiresAtTicks) => _clock.DeadlineOf(expiresAtTicks);

    /// <summary>The deadline of an entry written now that expires at <paramref name="expiresAtTicks"/>, after <paramref name="lifetime"/>.</summary>
    public long DeadlineOf(long expiresAtTicks, TimeSpan lifetime) => _clock.DeadlineOf(expiresAtTicks, lifetime);

    /// <summary>Whether the string API sees the entry: not removed, not flushed, still fresh (a kept fallback past its time to live is absent).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsLive(MemoryEntry entry)
        => !entry.IsRemoved && entry.Generation == Generation && entry.FreshDeadline > _clock.Now;

    /// <summary>Whether the store still keeps the entry, fresh or as a fail-safe fallback.</summary>
    public bool IsKept(MemoryEntry entry)
        => !entry.IsRemoved && entry.Generation == Generation && entry.KeptDeadline > _clock.Now;

    /// <summary>
    /// Whether a hit may return an entry found through a typed index as is, recording the use. One comparison against
    /// <see cref="MemoryEntry.Deadline"/> (the earliest of refresh moment and fresh end): past it the remember algorithm
    /// decides. Sliding entries expire in the store of record after going unused: touching it both extends their life
    /// and tells whether they are alive. Size-limited stores record the use for least-recently-used order. The clock is
    /// read last: it costs the most.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsLiveHit(MemoryEntry entry)
        => !entry.IsRemoved && entry.Generation == Generation && entry.Deadline > _clock.Now && ((entry.SlidingTicks == 0 && !HasSizeLimit) || Touch(entry));

    /// <summary>How a read finds a kept entry now: fresh, due a refresh, or a stale fallback.</summary>
    public EntryState StateOf(MemoryEntry entry)
    {
        long now = _clock.Now;
        return entry.Deadline > now ? EntryState.Fresh : entry.FreshDeadline > now ? EntryState.RefreshDue : EntryState.Stale;
    }

    /// <summary>The deadlines on this store's hit clock of an entry written now with <paramref name="timing"/>.</summary>
    public EntryDeadlines DeadlinesOf(in EntryTiming timing) => _clock.DeadlinesOf(timing);

    /// <summary>Reads the entry under <paramref name="key"/> that the store still keeps, fresh or as a fallback, recording the use.</summary>
    public bool TryGetKept(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemoryEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_cache.TryGetValue(key, out object? stored) && stored is MemoryEntry found && IsKept(found))
        {
            if (_usage is not null)
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

        Insert(new MemoryEntry(key, value, timing, DeadlinesOf(timing), Generation));
    }

    public MemoryMethodIndex<TArgs, TResult> GetIndex<TArgs, TResult>(object method)
        where TArgs : notnull
        => (MemoryMethodIndex<TArgs, TResult>)_indexes.GetOrAdd(method, static (_, store) => new MemoryMethodIndex<TArgs, TResult>(store), this);

    /// <summary>Puts an entry in the store of record, first marking any live entry it replaces as removed.</summary>
    public void Insert(MemoryEntry entry)
    {
        // A stale entry kept as a fallback is replaced too, so it stops counting and leaves its method's index.
        if (TryGetKept(entry.Key, out MemoryEntry? previous))
        {
            Unlink(previous);
            previous.MarkRemoved();
        }

        Store(entry);
    }

    /// <summary>
    /// Puts an entry a generated method computed after finding no live entry under its key: the lookup of a
    /// previous entry is already done, and the method's index is updated by the caller.
    /// </summary>
    public void InsertComputed(MemoryEntry entry) => Store(entry);

    /// <summary>Removes an entry found through a typed index; returns whether it was live.</summary>
    public bool RemoveIndexed(MemoryEntry entry)
    {
        bool live = IsLive(entry);
        Unlink(entry);
        entry.MarkRemoved();
        _cache.Remove(entry.Key);
        return live;
    }

    /// <summary>Puts the entry in MemoryCache; with a size limit every entry counts as one.</summary>
    private void Store(MemoryEntry entry)
    {
        using (ICacheEntry stored = _cache.CreateEntry(entry.Key))
        {
            stored.Value = entry;
            if (entry.SlidingTicks != 0)
            {
                stored.SlidingExpiration = TimeSpan.FromTicks(entry.SlidingTicks);
            }
            else if (entry.ExpiresAtTicks != long.MaxValue)
            {
                stored.AbsoluteExpiration = new DateTimeOffset(entry.ExpiresAtTicks, TimeSpan.Zero);
            }

            if (HasSizeLimit || entry.SlidingTicks != 0)
            {
                // Sliding entries gone unused expire inside MemoryCache: that must drop them from the typed indexes, or
                // hits would keep them; and a size-limited store must stop counting an expired entry. Nothing else needs
                // the callback: removals mark entries synchronously, a flush empties the indexes, and entries with an
                // absolute expiry are swept by the indexes themselves. Not registering it spares every removal and
                // replacement a thread-pool work item.
                stored.RegisterPostEvictionCallback(_onEvicted);
            }
        }

        if (_usage is not null)
        {
            TrackAndEvict(entry);
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
                if (_cache.TryGetValue(victim.Key, out object? current) && ReferenceEquals(current, victim))
                {
                    _cache.Remove(victim.Key);
                }

                ReportEviction(EvictionReason.Capacity);
            }
        }
    }

    /// <summary>Stops counting an entry that left the store.</summary>
    private void Unlink(MemoryEntry entry)
    {
        if (_usage is { } usage && entry.UsageNode is not null)
        {
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

    private void OnEvicted(object key, object? value, EvictionReason reason, object? state)
    {
        if (value is MemoryEntry entry)
        {
            Unlink(entry);
            entry.MarkRemoved();
        }

        if (reason is EvictionReason.Capacity or EvictionReason.Expired)
        {
            ReportEviction(reason);
        }
    }

    private void ReportEviction(EvictionReason reason)
    {
        if (_observedName is { } name)
        {
            if (MemoizeTelemetry.Evictions.Enabled)
            {
                MemoizeTelemetry.RecordEviction(name);
            }

            if (_evictionLogger is { } logger)
            {
                CacheLog.Evicted(logger, name, reason.ToString());
            }
        }
    }

    /// <summary>
    /// Touches the entry in the store of record, so a size-limited store sees it as recently used and a sliding entry
    /// lives on; returns whether it is still the live entry there.
    /// </summary>
    public bool Touch(MemoryEntry entry)
    {
        if (_usage is not null)
        {
            MarkUsed(entry);
        }

        return entry.SlidingTicks == 0 ? !entry.IsRemoved : _cache.TryGetValue(entry.Key, out object? stored) && ReferenceEquals(stored, entry);
    }

    private bool TryGetEntry(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemoryEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_cache.TryGetValue(key, out object? stored) && stored is MemoryEntry found && IsLive(found))
        {
            if (_usage is not null)
            {
                MarkUsed(found);
            }

            entry = found;
            return true;
        }

        entry = null;
        return false;
    }

    private static long ToTicks(DateTimeOffset? expiresAt) => expiresAt?.UtcTicks ?? long.MaxValue;

#pragma warning disable CS0618 // ISystemClock is how MemoryCache takes a clock.
    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
#pragma warning restore CS0618
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
