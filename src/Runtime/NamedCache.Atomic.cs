using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

// Add, Pull and Increment: native on an IAtomicCacheStore, otherwise a per-key lock of this process.
internal sealed partial class NamedCache
{
    /// <inheritdoc/>
    public bool Add<T>(string key, T value, TimeSpan? ttl = null) => Wait(AddAsync(key, value, ttl));

    /// <inheritdoc/>
    public ValueTask<bool> AddAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
        => AddCoreAsync(FullKey(key), value, ExpiryOf(ttl), cancellationToken);

    /// <inheritdoc/>
    public bool Add<T>(string key, T value, DateTimeOffset expiresAt) => Wait(AddAsync(key, value, expiresAt));

    /// <inheritdoc/>
    public ValueTask<bool> AddAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
        => AddCoreAsync(FullKey(key), value, expiresAt, cancellationToken);

    /// <inheritdoc/>
    public bool TryPull<T>(string key, out T value)
    {
        CacheResult<T> result = Wait(TryPullAsync<T>(key));
        value = result.Value;
        return result.Found;
    }

    /// <inheritdoc/>
    public async ValueTask<CacheResult<T>> TryPullAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        string fullKey = FullKey(key);
        if (!Manager.IsEnabled)
        {
            return CacheResult<T>.Miss;
        }

        if (Objects is null && Store is IAtomicCacheStore atomic)
        {
            StoredValue? pulled = await atomic.PullAsync(fullKey, cancellationToken).ConfigureAwait(false);
            return pulled is { } found && (found.ExpiresAt is not { } at || at > Now) && !IsStale(found.Value.Span) && Payload.TryDecode(found.Value.Span, out T decoded)
                ? new CacheResult<T>(true, decoded)
                : CacheResult<T>.Miss;
        }

        using (await _locks.EnterAsync(fullKey, cancellationToken).ConfigureAwait(false))
        {
            CacheResult<T> result = await ReadAsync<T>(fullKey, synchronous: false, cancellationToken).ConfigureAwait(false);
            if (result.Found)
            {
                await RemoveAsync(fullKey, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
    }

    /// <inheritdoc/>
    public long Increment(string key, long by = 1) => Wait(IncrementAsync(key, by));

    /// <inheritdoc/>
    public async ValueTask<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default)
    {
        string fullKey = FullKey(key);
        if (!Manager.IsEnabled)
        {
            return by;
        }

        if (Objects is not { } objects)
        {
            return Store is IAtomicCacheStore atomic
                ? await atomic.IncrementAsync(fullKey, by, null, cancellationToken).ConfigureAwait(false)
                : await IncrementStoredAsync(key, fullKey, by, cancellationToken).ConfigureAwait(false);
        }

        using (await _locks.EnterAsync(fullKey, cancellationToken).ConfigureAwait(false))
        {
            (bool found, object? current, DateTimeOffset? expiresAt) = await ReadForUpdateAsync(fullKey, cancellationToken).ConfigureAwait(false);
            long result = Added(key, found ? ReadCounter(key, current) : 0, by);
            objects.SetObject(fullKey, result, expiresAt);
            return result;
        }
    }

    /// <summary>The integer a counter holds; throws, naming the key, for a value that is not one.</summary>
    private long ReadCounter(string key, object? stored)
    {
        return TryReadInteger(stored, out long number)
            ? number
            : throw new InvalidOperationException($"The value under the key '{key}' in the cache store '{Name}' is not an integer, so it cannot be incremented.");
    }

    private static long Added(string key, long number, long by)
    {
        try
        {
            return checked(number + by);
        }
        catch (OverflowException)
        {
            throw new OverflowException($"Adding {by} to the value {number} under the key '{key}' overflows a 64-bit integer.");
        }
    }

    private async ValueTask<bool> AddCoreAsync<T>(string fullKey, T value, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (!Manager.IsEnabled || expiresAt is { } at && at <= Now)
        {
            return false;
        }

        if (Objects is null && Store is IAtomicCacheStore atomic)
        {
            byte[] bytes = Payload.Encode(value);
            return !IsOversized(bytes) && await atomic.AddAsync(fullKey, bytes, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        using (await _locks.EnterAsync(fullKey, cancellationToken).ConfigureAwait(false))
        {
            bool exists = Objects is { } objects
                ? objects.TryGetObject(fullKey, out _)
                : await HasBytesAsync(fullKey, synchronous: false, cancellationToken).ConfigureAwait(false);
            if (exists)
            {
                return false;
            }

            await WriteAsync(fullKey, value, expiresAt, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>The raw entry under a key for a read-modify-write: the object or bytes, and the expiry to keep.</summary>
    private async ValueTask<(bool Found, object? Value, DateTimeOffset? ExpiresAt)> ReadForUpdateAsync(string fullKey, CancellationToken cancellationToken)
    {
        if (Memory is { } memory)
        {
            return memory.TryGetObject(fullKey, out object? value, out DateTimeOffset? expiresAt) ? (true, value, expiresAt) : (false, null, null);
        }

        if (Objects is { } objects)
        {
            return objects.TryGetObject(fullKey, out object? value) ? (true, value, null) : (false, null, null);
        }

        StoredValue? stored = await ReadLiveBytesAsync(fullKey, synchronous: false, cancellationToken).ConfigureAwait(false);
        return stored is { } found ? (true, found.Value.ToArray(), found.ExpiresAt) : (false, null, null);
    }

    private bool TryReadInteger(object? stored, out long number)
    {
        if (IntegerValue.TryGetInt64(stored, out number))
        {
            return true;
        }

        return stored is byte[] bytes && Payload.TryDecode(bytes, out number);
    }

    private ValueTask<bool> RemoveAsync(string fullKey, CancellationToken cancellationToken)
        => Objects is { } objects ? new(objects.Remove(fullKey)) : Store.RemoveAsync(fullKey, cancellationToken);
}
