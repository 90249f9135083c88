using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Stores;

/// <summary>
/// Optional: a store that does add-if-absent, increment and get-and-remove atomically on its own (Redis SET NX,
/// INCRBY, GETDEL; a SQL transaction). Without it the cache falls back to a per-key lock in the process, which is
/// atomic for callers in this process only.
/// </summary>
public interface IAtomicCacheStore : ICacheStore
{
    /// <summary>Stores the value only when the key holds no live entry.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="value">The bytes.</param>
    /// <param name="expiresAt">When the entry expires; <see langword="null"/> for never.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when this call stored the value.</returns>
    ValueTask<bool> AddAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="delta"/> to the 64-bit integer under the key, keeping its remaining time to live.
    /// A missing (or expired) key starts from zero and never expires, unless <paramref name="expiresAtIfCreated"/> is given.
    /// </summary>
    /// <remarks>
    /// The cache writes integers as bare ASCII decimal (see <see cref="CachePayloadFormat.WriteInteger"/>), which is
    /// also what native counters such as Redis <c>INCRBY</c> keep. Bytes that are not such a number must make this
    /// method throw <see cref="InvalidOperationException"/> naming the key, and an overflow must throw
    /// <see cref="OverflowException"/>; in both cases the stored value stays as it was.
    /// </remarks>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="delta">The amount to add (negative to decrement).</param>
    /// <param name="expiresAtIfCreated">The expiry of an entry this call creates.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new value.</returns>
    ValueTask<long> IncrementAsync(string key, long delta, DateTimeOffset? expiresAtIfCreated, CancellationToken cancellationToken = default);

    /// <summary>Reads and removes the entry in one step.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The bytes that were stored, or <see langword="null"/>.</returns>
    ValueTask<StoredValue?> PullAsync(string key, CancellationToken cancellationToken = default);
}
