using System;

namespace Memoize.Stores;

/// <summary>
/// Optional: a store whose basic operations have a blocking form that finishes, or times out, without help from the
/// thread pool (a client with I/O threads of its own, such as the Redis store). Synchronous cache calls
/// (<see cref="ICache.Remember{T}(string, TimeSpan?, Func{T})"/>, <see cref="ICache.TryGet{T}"/>, <c>Put</c>, <c>Forget</c> and synchronous
/// memoized methods) use it instead of blocking a thread on the asynchronous form.
/// </summary>
/// <remarks>
/// Blocking on an asynchronous operation needs another pool thread to complete it, or to fire its timeout. When many
/// synchronous callers on pool threads wait for a stalled server, the pool has no thread left for that, and every
/// caller waits far longer than the store's timeout. The blocking form bounds each call by the store's own timeout
/// on the caller's thread. Implementations must honour the same contract as the asynchronous members.
/// </remarks>
public interface ISynchronousCacheStore : ICacheStore
{
    /// <summary>Reads the bytes stored under <paramref name="key"/>, or <see langword="null"/>, blocking the calling thread.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <returns>The stored bytes with their expiry, or <see langword="null"/>.</returns>
    StoredValue? Get(string key);

    /// <summary>Stores bytes under <paramref name="key"/>, replacing any previous value, blocking the calling thread.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="value">The bytes to keep.</param>
    /// <param name="expiresAt">When the entry expires; <see langword="null"/> keeps it until removed.</param>
    void Set(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt);

    /// <summary>Removes the entry under <paramref name="key"/>, blocking the calling thread.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <returns><see langword="true"/> when an entry existed.</returns>
    bool Remove(string key);
}
