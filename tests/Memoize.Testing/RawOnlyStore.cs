using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize.Testing;

/// <summary>
/// A custom store with only the four raw operations and no capability: what a user writes for their own backend.
/// Every feature of the cache must work on it through the fallbacks.
/// </summary>
public sealed class RawOnlyStore : ICacheStore
{
    private readonly ConcurrentDictionary<string, StoredValue> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new(_entries.TryGetValue(key, out StoredValue value) ? value : null);
    }

    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        _entries[key] = new StoredValue(value.ToArray(), expiresAt);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => new(_entries.TryRemove(key, out _));

    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        _entries.Clear();
        return ValueTask.CompletedTask;
    }

    public byte[] RawBytes(string key) => _entries[key].Value.ToArray();
}
