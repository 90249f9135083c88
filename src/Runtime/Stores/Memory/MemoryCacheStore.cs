using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Memory;

namespace Memoize;

/// <summary>
/// The default store: live objects in process memory, on <see cref="MemoryCache"/>. Values are never
/// serialized, so a hit returns the very instance that was stored.
/// </summary>
/// <remarks>
/// Generated methods also reach their entries through a typed index keyed by the argument tuple, so a hit
/// builds no string key. The index and the string keys share the same entries: a value put, forgotten or
/// flushed through the string API is seen by the next call of the method.
/// </remarks>
public sealed partial class MemoryCacheStore : IObjectCacheStore, IDisposable
{
    private readonly MemoryCache _cache;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<object, object> _indexes = new(ReferenceEqualityComparer.Instance);
    private readonly PostEvictionDelegate _onEvicted;
    private string? _observedName;
    private Microsoft.Extensions.Logging.ILogger? _evictionLogger;
    private int _generation;

    /// <summary>Creates a memory store.</summary>
    /// <param name="options">Size limit and compaction; <see langword="null"/> for an unbounded store.</param>
    /// <param name="timeProvider">The clock for expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public MemoryCacheStore(MemoryCacheStoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new MemoryCacheStoreOptions();
        if (options.SizeLimit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SizeLimit, "MemoryCacheStoreOptions.SizeLimit must be positive, or null for no limit.");
        }

        _time = timeProvider ?? TimeProvider.System;
        _onEvicted = OnEvicted;
        SizeLimit = options.SizeLimit;
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = options.SizeLimit,
            CompactionPercentage = options.CompactionPercentage,
#pragma warning disable CS0618 // ISystemClock is how MemoryCache takes a clock.
            Clock = new TimeProviderClock(_time),
#pragma warning restore CS0618
        });
    }

    /// <summary>The most entries kept, or <see langword="null"/> when unbounded.</summary>
    public long? SizeLimit { get; }

    /// <summary>The number of entries currently held (expired entries may count until they are next touched).</summary>
    public int Count => _cache.Count;

    internal TimeProvider TimeProvider => _time;

    internal int Generation => Volatile.Read(ref _generation);

    /// <inheritdoc/>
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

    /// <inheritdoc/>
    public void SetObject(string key, object? value, DateTimeOffset? expiresAt)
        => Insert(new MemoryEntry(key, value, ToTicks(expiresAt), Generation));

    /// <inheritdoc/>
    public bool Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        bool existed = TryGetEntry(key, out MemoryEntry? entry);
        entry?.MarkRemoved();
        _cache.Remove(key);
        return existed;
    }

    /// <inheritdoc/>
    public void Clear()
    {
        // Typed hits compare the generation first, so they miss at once even though the cache's eviction
        // callbacks run later on the thread pool.
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }

    /// <inheritdoc/>
    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (TryGetEntry(key, out MemoryEntry? entry) && entry.Value is byte[] bytes)
        {
            DateTimeOffset? expiresAt = entry.ExpiresAtTicks == long.MaxValue ? null : new DateTimeOffset(entry.ExpiresAtTicks, TimeSpan.Zero);
            return new ValueTask<StoredValue?>(new StoredValue(bytes, expiresAt));
        }

        return new ValueTask<StoredValue?>((StoredValue?)null);
    }

    /// <inheritdoc/>
    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        SetObject(key, value.ToArray(), expiresAt);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
        => new(Remove(key));

    /// <inheritdoc/>
    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        Clear();
        return ValueTask.CompletedTask;
    }

    /// <summary>Releases the underlying memory cache.</summary>
    public void Dispose() => _cache.Dispose();

    internal long NowTicks => _time.GetUtcNow().UtcTicks;

    internal bool IsLive(MemoryEntry entry, long nowTicks)
        => !entry.IsRemoved && entry.Generation == Generation && entry.ExpiresAtTicks > nowTicks;

    internal MemoryMethodIndex<TArgs> GetIndex<TArgs>(object method)
        where TArgs : notnull
        => (MemoryMethodIndex<TArgs>)_indexes.GetOrAdd(method, static _ => new MemoryMethodIndex<TArgs>());

    /// <summary>Puts an entry in the store of record; with a size limit every entry counts as one.</summary>
    internal void Insert(MemoryEntry entry)
    {
        if (TryGetEntry(entry.Key, out MemoryEntry? previous))
        {
            previous.MarkRemoved();
        }

        var options = new MemoryCacheEntryOptions { Size = SizeLimit is null ? null : 1 };
        if (entry.SlidingTicks != 0)
        {
            options.SlidingExpiration = TimeSpan.FromTicks(entry.SlidingTicks);
        }
        else if (entry.ExpiresAtTicks != long.MaxValue)
        {
            options.AbsoluteExpiration = new DateTimeOffset(entry.ExpiresAtTicks, TimeSpan.Zero);
        }

        options.RegisterPostEvictionCallback(_onEvicted);
        _cache.Set(entry.Key, entry, options);
    }

    /// <summary>Reports evictions under the store name of the first cache that uses this store.</summary>
    internal void ObserveEvictions(string name, Microsoft.Extensions.Logging.ILogger logger, bool logDebug)
    {
        if (Interlocked.CompareExchange(ref _observedName, name, null) is null && logDebug)
        {
            _evictionLogger = logger;
        }
    }

    private void OnEvicted(object key, object? value, EvictionReason reason, object? state)
    {
        (value as MemoryEntry)?.MarkRemoved();
        if (reason is EvictionReason.Capacity or EvictionReason.Expired && _observedName is { } name)
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
    internal bool Touch(MemoryEntry entry) => _cache.TryGetValue(entry.Key, out object? stored) && ReferenceEquals(stored, entry);

    private bool TryGetEntry(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemoryEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_cache.TryGetValue(key, out object? stored) && stored is MemoryEntry found && IsLive(found, NowTicks))
        {
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

/// <summary>The typed index of one generated method's entries in a memory store.</summary>
internal sealed class MemoryMethodIndex<TArgs>
    where TArgs : notnull
{
    public readonly ConcurrentDictionary<TArgs, MemoryEntry> Entries = new();

    public readonly SingleFlight<TArgs> InFlight = new();
}

/// <summary>A memory entry written by a generated method, which removes itself from that method's index.</summary>
internal sealed class IndexedMemoryEntry<TArgs> : MemoryEntry
    where TArgs : notnull
{
    private readonly MemoryMethodIndex<TArgs> _index;
    private readonly TArgs _args;

    public IndexedMemoryEntry(string key, object? value, long expiresAtTicks, int generation, MemoryMethodIndex<TArgs> index, TArgs args)
        : base(key, value, expiresAtTicks, generation)
    {
        _index = index;
        _args = args;
    }

    protected override void OnRemoved()
        => _index.Entries.TryRemove(new System.Collections.Generic.KeyValuePair<TArgs, MemoryEntry>(_args, this));
}
