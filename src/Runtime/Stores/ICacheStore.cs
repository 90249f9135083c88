using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Stores;

/// <summary>
/// The raw contract of a cache store: four operations over bytes. Implementing them is enough for a custom
/// store to get every feature of <see cref="ICache"/>; stores that can do more natively implement the optional
/// capability interfaces as well (for example <see cref="IObjectCacheStore"/>).
/// </summary>
/// <remarks>
/// Keys arrive fully prefixed. A store may return an entry whose expiry has passed; the cache treats it as
/// a miss and removes it. Implementations must be safe to call from many threads at once.
/// </remarks>
public interface ICacheStore
{
    /// <summary>Reads the bytes stored under <paramref name="key"/>, or <see langword="null"/> when there are none.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored bytes with their expiry, or <see langword="null"/>.</returns>
    ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores bytes under <paramref name="key"/>, replacing any previous value.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="value">The bytes to keep.</param>
    /// <param name="expiresAt">When the entry expires; <see langword="null"/> keeps it until removed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Removes the entry under <paramref name="key"/>.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns><see langword="true"/> when an entry existed.</returns>
    ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry this store holds, and nothing that belongs to anyone else.</summary>
    /// <param name="cancellationToken">Cancels the clear.</param>
    /// <returns>A task that completes when the store is empty.</returns>
    ValueTask ClearAsync(CancellationToken cancellationToken = default);
}
