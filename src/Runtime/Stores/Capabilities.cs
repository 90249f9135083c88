using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

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

/// <summary>Optional: a store that can list its live entries, for copying a cache into another store.</summary>
public interface IEnumerableCacheStore : ICacheStore
{
    /// <summary>Every live entry of this store (under its own prefix only), with its expiry.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The fully prefixed keys with their bytes.</returns>
    IAsyncEnumerable<KeyValuePair<string, StoredValue>> EnumerateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Optional: a store that keeps expired rows until asked to remove them (SQLite, files).</summary>
public interface IPurgeableCacheStore : ICacheStore
{
    /// <summary>Deletes every entry whose expiry has passed.</summary>
    /// <param name="now">The current time of the cache's clock.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>How many entries were removed.</returns>
    ValueTask<long> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>
/// Optional: a store that keeps tag membership natively (Redis sets). Without it the cache keeps tag membership
/// in ordinary entries of the same store.
/// </summary>
public interface ITaggingCacheStore : ICacheStore
{
    /// <summary>
    /// Records that <paramref name="key"/> carries each of <paramref name="tags"/>, and keeps each tag at least until
    /// <paramref name="keepUntil"/>. The cache passes the tagged entry's expiry plus a margin, so a store that lets a
    /// tag expire then (the latest such time over all its keys) never loses a key whose entry is alive, and tags of
    /// entries that all expired do not accumulate.
    /// </summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="tags">The fully prefixed tag names.</param>
    /// <param name="keepUntil">Keep each tag at least until then; <see langword="null"/>: until it is flushed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when recorded.</returns>
    ValueTask AddTagsAsync(string key, IReadOnlyList<string> tags, DateTimeOffset? keepUntil, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry carrying <paramref name="tag"/>, and the tag itself.</summary>
    /// <param name="tag">The fully prefixed tag name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many entries were removed.</returns>
    ValueTask<long> FlushTagAsync(string tag, CancellationToken cancellationToken = default);
}
