using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;

namespace Memoize;

/// <summary>
/// Memoize as a <see cref="HybridCache"/>: every operation is the matching operation of one Memoize store, so
/// <c>GetOrCreateAsync</c> is Memoize's remember logic (one computation per missing key, store failures absorbed,
/// metrics and traces), tags are Memoize's tags, and a layered store's invalidation reaches every process.
/// </summary>
/// <remarks>
/// HybridCache speaks of two levels, local and distributed; a Memoize store is one of them as a whole. An object
/// store (memory) is the local level; a byte store (Redis, SQLite, file, distributed, layered) is the distributed
/// level, the layered store included, since its local copies follow the remote entries through invalidation
/// messages. Flags that switch off the other level change nothing.
/// </remarks>
internal sealed class MemoizeHybridCache : HybridCache
{
    /// <summary>Why a store over this HybridCache is refused: it would keep its entries in itself.</summary>
    internal const string StoreOnItselfMessage = "the HybridCache registered in the services is Memoize's own (AddMemoize().AddHybridCache()), and a store over it would store into itself. Register Microsoft's or FusionCache's HybridCache for a 'hybrid' store, or use a Memoize store directly.";

    /// <summary>The tag that <see cref="RemoveByTagAsync(string, CancellationToken)"/> reads as every entry, as in Microsoft's implementation.</summary>
    private const string EveryEntryTag = "*";

    private readonly Func<CacheManager> _resolveManager;
    private readonly string? _storeName;
    private readonly HybridCacheEntryOptions? _defaults;
    private CacheManager? _manager;
    private Binding? _binding;

    /// <summary>Creates the HybridCache.</summary>
    /// <param name="resolveManager">
    /// Gives the manager on first use: the services can then create this object while they build the manager (the
    /// <c>hybrid</c> store type asks for the registered HybridCache to refuse this one) without asking for the manager again.
    /// </param>
    /// <param name="options">The store and the default entry options.</param>
    public MemoizeHybridCache(Func<CacheManager> resolveManager, MemoizeHybridCacheOptions options)
    {
        _resolveManager = resolveManager;
        _storeName = options.Store;
        _defaults = options.DefaultEntryOptions;
    }

    /// <inheritdoc/>
    public override ValueTask<T> GetOrCreateAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default)
    {
        NamedCache cache = Store();
        HybridCacheEntryFlags flags = options?.Flags ?? _defaults?.Flags ?? HybridCacheEntryFlags.None;
        bool local = cache.Objects is not null;
        bool read = (flags & (local ? HybridCacheEntryFlags.DisableLocalCacheRead : HybridCacheEntryFlags.DisableDistributedCacheRead)) == 0;
        bool write = (flags & (local ? HybridCacheEntryFlags.DisableLocalCacheWrite : HybridCacheEntryFlags.DisableDistributedCacheWrite)) == 0;
        if ((flags & HybridCacheEntryFlags.DisableUnderlyingData) != 0)
        {
            // A read and nothing else: the factory may be null here, as callers of Microsoft's implementation pass it.
            return read ? ReadOnlyAsync<T>(cache, key, cancellationToken) : new(default(T)!);
        }

        ArgumentNullException.ThrowIfNull(factory);
        TimeSpan? ttl = TtlOf(cache, options);
        if (!read)
        {
            return ComputeAndWriteAsync(cache, key, ttl, state, factory, write ? tags : null, write, cancellationToken);
        }

        string fullKey = cache.FullKey(key);
        if (tags is null || !write)
        {
            return write
                ? cache.RememberCoreAsync(fullKey, ttl, state, factory, skipStore: null, sliding: false, synchronous: false, method: null, cache.Manager.DefaultPolicy, cancellationToken)
                : cache.RememberCoreAsync(fullKey, ttl, (state, factory), static (s, ct) => s.factory(s.state, ct), skipStore: static (_, _) => true, sliding: false, synchronous: false, method: null, cache.Manager.DefaultPolicy, cancellationToken);
        }

        // Tags are recorded on a miss only, after the value is computed and before it is stored, so a hit costs no
        // tag work and a flush that follows the write finds the entry.
        return cache.RememberCoreAsync(
            fullKey,
            ttl,
            (cache, key, ttl, tags, state, factory),
            static async (s, ct) =>
            {
                T value = await s.factory(s.state, ct).ConfigureAwait(false);
                string[] tagArray = TagArray(s.tags);
                if (tagArray.Length > 0)
                {
                    await s.cache.AddToTagsAsync(s.key, tagArray, s.cache.KeptExpiryOf(s.ttl, s.cache.Manager.DefaultPolicy), ct).ConfigureAwait(false);
                }

                return value;
            },
            skipStore: null,
            sliding: false,
            synchronous: false,
            method: null,
            cache.Manager.DefaultPolicy,
            cancellationToken);
    }

    /// <inheritdoc/>
    public override ValueTask SetAsync<T>(string key, T value, HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default)
    {
        NamedCache cache = Store();
        HybridCacheEntryFlags flags = options?.Flags ?? _defaults?.Flags ?? HybridCacheEntryFlags.None;
        if ((flags & (cache.Objects is not null ? HybridCacheEntryFlags.DisableLocalCacheWrite : HybridCacheEntryFlags.DisableDistributedCacheWrite)) != 0)
        {
            cache.FullKey(key);
            return ValueTask.CompletedTask;
        }

        TimeSpan? ttl = TtlOf(cache, options);
        string[] tagArray = tags is null ? [] : TagArray(tags);
        return tagArray.Length == 0 ? cache.PutAsync(key, value, ttl, cancellationToken) : cache.Tags(tagArray).PutAsync(key, value, ttl, cancellationToken);
    }

    /// <inheritdoc/>
    public override async ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
        => await Store().ForgetAsync(key, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public override async ValueTask RemoveAsync(IEnumerable<string>? keys, CancellationToken cancellationToken = default)
    {
        if (keys is null)
        {
            return;
        }

        NamedCache cache = Store();
        foreach (string key in keys)
        {
            await cache.ForgetAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override ValueTask RemoveByTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return RemoveByTagsAsync([tag], cancellationToken);
    }

    /// <inheritdoc/>
    public override ValueTask RemoveByTagAsync(IEnumerable<string>? tags, CancellationToken cancellationToken = default)
    {
        string[] tagArray = tags is null ? [] : [.. tags];
        return tagArray.Length == 0 ? ValueTask.CompletedTask : RemoveByTagsAsync(NamedCache.CheckTags(tagArray), cancellationToken);
    }

    private async ValueTask RemoveByTagsAsync(string[] tags, CancellationToken cancellationToken)
    {
        NamedCache cache = Store();
        if (Array.IndexOf(tags, EveryEntryTag) >= 0)
        {
            await cache.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await cache.FlushTagsAsync(tags, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The store of these operations, looked up again only when the manager's stores change.</summary>
    private NamedCache Store()
    {
        CacheManager manager = _manager ??= _resolveManager();
        Binding? binding = _binding;
        if (binding is null || binding.Version != manager.Version)
        {
            int version = manager.Version;
            binding = new Binding(manager.GetCache(_storeName), version);
            _binding = binding;
        }

        return binding.Cache;
    }

    /// <summary>
    /// The time to live of an entry: <see cref="HybridCacheEntryOptions.Expiration"/>, and on an object store (the
    /// local level, which is all there is) the shorter <see cref="HybridCacheEntryOptions.LocalCacheExpiration"/>.
    /// <see langword="null"/> for the manager's default.
    /// </summary>
    private TimeSpan? TtlOf(NamedCache cache, HybridCacheEntryOptions? options)
    {
        TimeSpan? expiration = options?.Expiration ?? _defaults?.Expiration;
        if (cache.Objects is null || (options?.LocalCacheExpiration ?? _defaults?.LocalCacheExpiration) is not { } localExpiration)
        {
            return expiration;
        }

        TimeSpan overall = expiration ?? cache.Manager.DefaultTtl;
        return overall == Timeout.InfiniteTimeSpan || localExpiration < overall ? localExpiration : expiration;
    }

    private static async ValueTask<T> ReadOnlyAsync<T>(NamedCache cache, string key, CancellationToken cancellationToken)
    {
        string fullKey = cache.FullKey(key);
        try
        {
            CacheResult<T> result = await cache.TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
            if (result.Found)
            {
                cache.Manager.OnHit(cache, null, fullKey);
                return result.Value;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // As in every remember call, a failing store is a miss; here a miss is the type's default.
            cache.Manager.ReportStoreFailure(cache, exception);
        }

        return default!;
    }

    /// <summary>A read switched off by the flags: compute, then store unless writing is switched off too.</summary>
    private static async ValueTask<T> ComputeAndWriteAsync<TState, T>(NamedCache cache, string key, TimeSpan? ttl, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, IEnumerable<string>? tags, bool write, CancellationToken cancellationToken)
    {
        string fullKey = cache.FullKey(key);
        if (!cache.Manager.IsEnabled)
        {
            return await factory(state, cancellationToken).ConfigureAwait(false);
        }

        long started = Stopwatch.GetTimestamp();
        T value = await factory(state, cancellationToken).ConfigureAwait(false);
        cache.Manager.OnMiss(cache, null, fullKey, started);
        if (write)
        {
            try
            {
                if (tags is not null && TagArray(tags) is { Length: > 0 } tagArray)
                {
                    await cache.AddToTagsAsync(key, tagArray, cache.ExpiryOf(ttl), cancellationToken).ConfigureAwait(false);
                }

                await cache.PutAsync(key, value, ttl, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                cache.Manager.ReportStoreFailure(cache, exception);
            }
        }

        return value;
    }

    /// <summary>The tags of a write, checked: none empty, and not <c>*</c>, which stands for every entry. No tags give an empty array.</summary>
    private static string[] TagArray(IEnumerable<string> tags)
    {
        string[] given = [.. tags];
        if (given.Length == 0)
        {
            return given;
        }

        string[] checkedTags = NamedCache.CheckTags(given);
        if (Array.IndexOf(checkedTags, EveryEntryTag) >= 0)
        {
            throw new ArgumentException($"The tag '{EveryEntryTag}' cannot be given to an entry: RemoveByTagAsync(\"{EveryEntryTag}\") removes every entry.", nameof(tags));
        }

        return checkedTags;
    }

    private sealed class Binding(NamedCache cache, int version)
    {
        public NamedCache Cache { get; } = cache;

        public int Version { get; } = version;
    }
}
