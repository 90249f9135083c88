using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// The default store: live objects in process memory, in a table of its own (one object per entry, no
/// <c>IMemoryCache</c> underneath). Values are never serialized, so a hit returns the very instance that was stored.
/// </summary>
/// <remarks>
/// Memoized methods also reach their entries through a typed index keyed by the argument tuple, so a hit builds no
/// string key. The index and the string keys share the same entries: a value put, forgotten or flushed through the
/// string API is seen by the next call of the method. With <see cref="MemoryCacheStoreOptions.SizeLimit"/> a new
/// entry is always stored and the least recently used entries are evicted. Expired entries are dropped when touched
/// and by a background sweep at most once a minute of the store's clock, started by the store's next read or write.
/// </remarks>
public sealed class MemoryCacheStore : IObjectCacheStore, IPurgeableCacheStore, IDisposable
{
    /// <summary>Creates a memory store.</summary>
    /// <param name="options">Size limit and compaction; <see langword="null"/> for an unbounded store.</param>
    /// <param name="timeProvider">The clock for expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public MemoryCacheStore(MemoryCacheStoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        Entries = new MemoryEntryTable(options ?? new MemoryCacheStoreOptions(), timeProvider);
    }

    /// <summary>The most entries kept, or <see langword="null"/> when unbounded.</summary>
    public long? SizeLimit => Entries.SizeLimit;

    /// <summary>The number of entries currently held (expired entries may count until they are next touched or swept).</summary>
    public int Count => Entries.Count;

    /// <summary>The entries, with the typed indexes of memoized methods.</summary>
    internal MemoryEntryTable Entries { get; }

    /// <inheritdoc/>
    public bool TryGetObject(string key, out object? value) => Entries.TryGetObject(key, out value);

    /// <inheritdoc/>
    public void SetObject(string key, object? value, DateTimeOffset? expiresAt) => Entries.SetObject(key, value, expiresAt);

    /// <inheritdoc/>
    public bool Remove(string key) => Entries.Remove(key);

    /// <inheritdoc/>
    public void Clear() => Entries.Clear();

    /// <inheritdoc/>
    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (Entries.TryGetBytes(key, out byte[]? bytes, out DateTimeOffset? expiresAt))
        {
            return new ValueTask<StoredValue?>(new StoredValue(bytes, expiresAt));
        }

        return new ValueTask<StoredValue?>((StoredValue?)null);
    }

    /// <inheritdoc/>
    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        Entries.SetObject(key, value.ToArray(), expiresAt);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => new(Entries.Remove(key));

    /// <inheritdoc/>
    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        Entries.Clear();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>Expiry follows the store's own clock; <paramref name="now"/> is not needed.</remarks>
    public ValueTask<long> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => new(Entries.PurgeExpired());

    /// <summary>Drops every entry.</summary>
    public void Dispose() => Entries.Dispose();
}
