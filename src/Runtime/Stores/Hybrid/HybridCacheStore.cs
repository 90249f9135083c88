using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;

using Memoize.Stores;

namespace Memoize;

/// <summary>
/// A store over any <see cref="HybridCache"/> (Microsoft's <c>Microsoft.Extensions.Caching.Hybrid</c>, FusionCache's
/// adapter...), so a team memoizes on the cache it already runs, with that cache's levels, serialization of its
/// second level, and invalidation.
/// </summary>
/// <remarks>
/// <para>
/// A byte store: Memoize serializes values with its own serializer and keeps them as <see cref="byte"/> arrays, which
/// every HybridCache passes through without a serializer of its own. A read is <c>GetOrCreateAsync</c> with
/// <see cref="HybridCacheEntryFlags.DisableUnderlyingData"/> (HybridCache has no plain read); Memoize's own remember
/// logic (one computation per key in the process, <c>Unless</c>, sliding lifetimes, metrics) runs on top, as on any
/// store. Each value carries an 8-byte header with its expiry, since a HybridCache cannot report one.
/// </para>
/// <para>
/// Every entry is written with one HybridCache tag per key prefix, so a flush is <c>RemoveByTagAsync</c> of that tag
/// and leaves the application's other entries alone. An entry Memoize keeps for ever is given a one-year lifetime
/// (<see cref="NeverExpiresLifetime"/>), as a HybridCache has no "never".
/// </para>
/// <para>
/// What a HybridCache cannot do, this store cannot either, and says so with a <see cref="NotSupportedException"/>:
/// list its entries (copying the store to another), and the read-modify-write operations add-if-absent, pull and
/// increment, which a HybridCache cannot make atomic and whose local copies in each process would make wrong.
/// Memoize's tags work: their lists are kept in ordinary entries of this store.
/// </para>
/// </remarks>
public sealed class HybridCacheStore : IAtomicCacheStore
{
    /// <summary>The store type's name in configuration: <c>Memoize:Stores:{name}:Type = hybrid</c>.</summary>
    public const string TypeName = "hybrid";

    /// <summary>The lifetime given to the HybridCache for an entry that Memoize keeps for ever: 365 days.</summary>
    public static readonly TimeSpan NeverExpiresLifetime = TimeSpan.FromDays(365);

    // The plain read of a HybridCache: nothing is computed and nothing is written on a miss.
    private static readonly HybridCacheEntryOptions s_readOnly = new() { Flags = HybridCacheEntryFlags.DisableUnderlyingData };

    private readonly HybridCache _cache;
    private readonly string _prefix;
    private readonly string _storeTag;
    private readonly string[] _storeTags;
    private readonly TimeProvider _time;

    /// <summary>Creates a store over <paramref name="cache"/>.</summary>
    /// <param name="cache">The HybridCache; not Memoize's own (that would store into itself).</param>
    /// <param name="options">The key prefix; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that turns expiry times into lifetimes; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="cache"/> is the HybridCache that Memoize itself registers.</exception>
    public HybridCacheStore(HybridCache cache, HybridCacheStoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (cache is MemoizeHybridCache)
        {
            throw new ArgumentException(MemoizeHybridCache.StoreOnItselfMessage, nameof(cache));
        }

        options ??= new HybridCacheStoreOptions();
        ArgumentNullException.ThrowIfNull(options.KeyPrefix, nameof(options));
        _cache = cache;
        _prefix = options.KeyPrefix;
        _storeTag = "memoize-store:" + options.KeyPrefix;
        _storeTags = [_storeTag];
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        byte[]? stored = await _cache.GetOrCreateAsync<object?, byte[]?>(KeyOf(key), null, static (_, _) => default, s_readOnly, null, cancellationToken).ConfigureAwait(false);
        return ExpiryHeader.Read(stored);
    }

    /// <inheritdoc/>
    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        TimeSpan lifetime = expiresAt is { } at ? at - _time.GetUtcNow() : NeverExpiresLifetime;
        if (lifetime <= TimeSpan.Zero)
        {
            // Over before it could be written; the previous value must not outlive it.
            return _cache.RemoveAsync(KeyOf(key), cancellationToken);
        }

        var entryOptions = new HybridCacheEntryOptions { Expiration = lifetime };
        return _cache.SetAsync(KeyOf(key), ExpiryHeader.Prepend(value, expiresAt), entryOptions, _storeTags, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        // HybridCache does not say whether it removed anything: read first so the answer is right.
        bool existed = await GetAsync(key, cancellationToken).ConfigureAwait(false) is not null;
        await _cache.RemoveAsync(KeyOf(key), cancellationToken).ConfigureAwait(false);
        return existed;
    }

    /// <inheritdoc/>
    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => _cache.RemoveByTagAsync(_storeTag, cancellationToken);

    // IAtomicCacheStore is implemented only to refuse its operations: without it the cache would fall back to a
    // read and a write under a lock of this process, which a HybridCache's local copy in every other process defeats.

    /// <summary>Not supported: a HybridCache cannot store a value only when the key is absent, atomically.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="value">The bytes.</param>
    /// <param name="expiresAt">When the entry expires.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public ValueTask<bool> AddAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
        => throw Unsupported("add a value only when the key is absent (Add)");

    /// <summary>Not supported: a HybridCache cannot increment a value atomically.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="delta">The amount to add.</param>
    /// <param name="expiresAtIfCreated">The expiry of a created entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public ValueTask<long> IncrementAsync(string key, long delta, DateTimeOffset? expiresAtIfCreated, CancellationToken cancellationToken = default)
        => throw Unsupported("increment a value (Increment, Decrement)");

    /// <summary>Not supported: a HybridCache cannot read and remove a value in one step.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public ValueTask<StoredValue?> PullAsync(string key, CancellationToken cancellationToken = default)
        => throw Unsupported("read and remove a value in one step (Pull)");

    private string KeyOf(string key) => _prefix.Length == 0 ? key : string.Concat(_prefix, key);

    private NotSupportedException Unsupported(string operation)
        => new($"A cache store of type '{TypeName}' (over {_cache.GetType().Name}) cannot {operation}: a HybridCache has no atomic read-modify-write, and the copy each process keeps locally would make one wrong. Use a Redis or SQLite store for counters and add-if-absent.");
}
