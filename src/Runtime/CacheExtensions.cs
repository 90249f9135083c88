using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// The conveniences of <see cref="ICache"/>, built on its operations: reads with a default, the strict read,
/// <c>Forever</c>, <c>Pull</c>, <c>Decrement</c>, <c>RememberForever</c>, <c>GetOrSet</c> and lifetimes in minutes.
/// They work on <see cref="CacheManager"/> (its default store) and on every <c>manager.Cache("name")</c>.
/// </summary>
public static class CacheExtensions
{
    /// <summary>Reads the value under <paramref name="key"/>, or <see langword="default"/> on a miss.</summary>
    /// <typeparam name="T">The type the value was stored as.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <see langword="default"/>.</returns>
    public static T? Get<T>(this ICache cache, string key)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.TryGet(key, out T value) ? value : default;
    }

    /// <inheritdoc cref="Get{T}(ICache, string)"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<T?> GetAsync<T>(this ICache cache, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        CacheResult<T> result = await cache.TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
        return result.Found ? result.Value : default;
    }

    /// <summary>Reads the value under <paramref name="key"/>, or returns <paramref name="defaultValue"/> on a miss (nothing is stored).</summary>
    /// <typeparam name="T">The type the value was stored as.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">Returned on a miss.</param>
    /// <returns>The value, or <paramref name="defaultValue"/>.</returns>
    public static T Get<T>(this ICache cache, string key, T defaultValue)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.TryGet(key, out T value) ? value : defaultValue;
    }

    /// <inheritdoc cref="Get{T}(ICache, string, T)"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">Returned on a miss.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<T> GetAsync<T>(this ICache cache, string key, T defaultValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        CacheResult<T> result = await cache.TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
        return result.Found ? result.Value : defaultValue;
    }

    /// <summary>
    /// Reads the value under <paramref name="key"/>; on a miss returns what <paramref name="defaultFactory"/> computes.
    /// The factory runs only on a miss, and its result is not stored (use <c>Remember</c> to store it).
    /// </summary>
    /// <typeparam name="T">The type the value was stored as.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="defaultFactory">Computes the value to return on a miss.</param>
    /// <returns>The value, or the factory's result.</returns>
    public static T Get<T>(this ICache cache, string key, Func<T> defaultFactory)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(defaultFactory);
        return cache.TryGet(key, out T value) ? value : defaultFactory();
    }

    /// <inheritdoc cref="Get{T}(ICache, string, Func{T})"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="defaultFactory">Computes the value to return on a miss.</param>
    /// <param name="cancellationToken">Cancels the read and is passed to the factory.</param>
    public static async ValueTask<T> GetAsync<T>(this ICache cache, string key, Func<CancellationToken, ValueTask<T>> defaultFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(defaultFactory);
        CacheResult<T> result = await cache.TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
        return result.Found ? result.Value : await defaultFactory(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the value under <paramref name="key"/>, throwing when there is none.</summary>
    /// <typeparam name="T">The type the value was stored as.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="NotInCacheException">The key holds no value (or none readable as <typeparamref name="T"/>).</exception>
    public static T GetRequired<T>(this ICache cache, string key)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.TryGet(key, out T value) ? value : throw NotInCache(cache, key);
    }

    /// <inheritdoc cref="GetRequired{T}(ICache, string)"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<T> GetRequiredAsync<T>(this ICache cache, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        CacheResult<T> result = await cache.TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
        return result.Found ? result.Value : throw NotInCache(cache, key);
    }

    /// <summary>Stores <paramref name="value"/> for <paramref name="minutes"/> minutes. Zero or negative stores nothing and removes any previous value.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="minutes">How many minutes to keep it.</param>
    public static void Put<T>(this ICache cache, string key, T value, int minutes)
    {
        ArgumentNullException.ThrowIfNull(cache);
        cache.Put(key, value, TimeSpan.FromMinutes(minutes));
    }

    /// <inheritdoc cref="Put{T}(ICache, string, T, int)"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="minutes">How many minutes to keep it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    public static ValueTask PutAsync<T>(this ICache cache, string key, T value, int minutes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.PutAsync(key, value, TimeSpan.FromMinutes(minutes), cancellationToken);
    }

    /// <summary>Stores <paramref name="value"/> for <paramref name="minutes"/> minutes only when the key holds no value.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="minutes">How many minutes to keep it.</param>
    /// <returns><see langword="true"/> when this call stored the value.</returns>
    public static bool Add<T>(this ICache cache, string key, T value, int minutes)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Add(key, value, TimeSpan.FromMinutes(minutes));
    }

    /// <inheritdoc cref="Add{T}(ICache, string, T, int)"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="minutes">How many minutes to keep it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public static ValueTask<bool> AddAsync<T>(this ICache cache, string key, T value, int minutes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.AddAsync(key, value, TimeSpan.FromMinutes(minutes), cancellationToken);
    }

    /// <summary>Stores <paramref name="value"/> with no expiry; it stays until forgotten, flushed or evicted.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public static void Forever<T>(this ICache cache, string key, T value)
    {
        ArgumentNullException.ThrowIfNull(cache);
        cache.Put(key, value, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc cref="Forever{T}(ICache, string, T)"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    public static ValueTask ForeverAsync<T>(this ICache cache, string key, T value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.PutAsync(key, value, Timeout.InfiniteTimeSpan, cancellationToken);
    }

    /// <summary>Reads the value under <paramref name="key"/> and removes it; <see langword="default"/> on a miss.</summary>
    /// <typeparam name="T">The type the value was stored as.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value, or <see langword="default"/>.</returns>
    public static T? Pull<T>(this ICache cache, string key)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.TryPull(key, out T value) ? value : default;
    }

    /// <inheritdoc cref="Pull{T}(ICache, string)"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public static async ValueTask<T?> PullAsync<T>(this ICache cache, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        CacheResult<T> result = await cache.TryPullAsync<T>(key, cancellationToken).ConfigureAwait(false);
        return result.Found ? result.Value : default;
    }

    /// <summary>Subtracts <paramref name="by"/> from the integer under <paramref name="key"/>; see <see cref="ICache.Increment(string, long)"/>.</summary>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="by">The amount to subtract.</param>
    /// <returns>The new value.</returns>
    public static long Decrement(this ICache cache, string key, long by = 1)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Increment(key, Negate(by));
    }

    /// <inheritdoc cref="Decrement(ICache, string, long)"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="by">The amount to subtract.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public static ValueTask<long> DecrementAsync(this ICache cache, string key, long by = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.IncrementAsync(key, Negate(by), cancellationToken);
    }

    /// <summary>Returns the value under <paramref name="key"/>, or computes it once and stores it for <paramref name="minutes"/> minutes.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="minutes">How many minutes to keep a computed value.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <returns>The cached or computed value.</returns>
    public static T Remember<T>(this ICache cache, string key, int minutes, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Remember(key, TimeSpan.FromMinutes(minutes), factory);
    }

    /// <inheritdoc cref="Remember{T}(ICache, string, int, Func{T})"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="minutes">How many minutes to keep a computed value.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="cancellationToken">Cancels the wait and is passed to the factory.</param>
    public static ValueTask<T> RememberAsync<T>(this ICache cache, string key, int minutes, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.RememberAsync(key, TimeSpan.FromMinutes(minutes), factory, cancellationToken);
    }

    /// <summary>Returns the value under <paramref name="key"/>, or computes it once and keeps it fresh for <paramref name="minutes"/> minutes, with resilience options.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="minutes">How many minutes a computed value is fresh.</param>
    /// <param name="options">Fail-safe, eager refresh and jitter (see <see cref="ICache.Remember{T}(string, TimeSpan?, RememberOptions?, Func{T})"/>).</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <returns>The cached, computed or (fail-safe) last good value.</returns>
    public static T Remember<T>(this ICache cache, string key, int minutes, RememberOptions? options, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Remember(key, TimeSpan.FromMinutes(minutes), options, factory);
    }

    /// <inheritdoc cref="Remember{T}(ICache, string, int, RememberOptions?, Func{T})"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="minutes">How many minutes a computed value is fresh.</param>
    /// <param name="options">Fail-safe, timeouts, eager refresh and jitter (see <see cref="ICache.RememberAsync{T}(string, TimeSpan?, RememberOptions?, Func{CancellationToken, ValueTask{T}}, CancellationToken)"/>).</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="cancellationToken">Cancels the wait and is passed to the factory.</param>
    public static ValueTask<T> RememberAsync<T>(this ICache cache, string key, int minutes, RememberOptions? options, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.RememberAsync(key, TimeSpan.FromMinutes(minutes), options, factory, cancellationToken);
    }

    /// <summary>
    /// Returns the value under <paramref name="key"/>, or computes it once and stores it with no expiry. The manager's
    /// default timeouts apply to the asynchronous form; a value that never expires is never stale, so fail-safe, eager
    /// refresh and jitter have nothing to do.
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <returns>The cached or computed value.</returns>
    public static T RememberForever<T>(this ICache cache, string key, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Remember(key, Timeout.InfiniteTimeSpan, factory);
    }

    /// <inheritdoc cref="RememberForever{T}(ICache, string, Func{T})"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="cancellationToken">Cancels the wait and is passed to the factory.</param>
    public static ValueTask<T> RememberForeverAsync<T>(this ICache cache, string key, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.RememberAsync(key, Timeout.InfiniteTimeSpan, factory, cancellationToken);
    }

    /// <inheritdoc cref="RememberForever{T}(ICache, string, Func{T})"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="options">The factory's soft and hard timeouts (the other options have no effect on a value that never expires).</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="cancellationToken">Cancels the wait and is passed to the factory.</param>
    public static ValueTask<T> RememberForeverAsync<T>(this ICache cache, string key, RememberOptions? options, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.RememberAsync(key, Timeout.InfiniteTimeSpan, options, factory, cancellationToken);
    }

    /// <summary>
    /// Returns the value under <paramref name="key"/>; on a miss stores <paramref name="value"/> for <paramref name="ttl"/>
    /// and returns it. It is <c>Remember</c> with a value at hand: the manager's default jitter applies to the stored
    /// value; nothing can fail or be slow, so fail-safe and timeouts have nothing to do.
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value to store on a miss.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live.</param>
    /// <returns>The cached value, or <paramref name="value"/>.</returns>
    public static T GetOrSet<T>(this ICache cache, string key, T value, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Remember(key, ttl, () => value);
    }

    /// <inheritdoc cref="GetOrSet{T}(ICache, string, T, TimeSpan?)"/>
    /// <param name="cache">The cache.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value to store on a miss.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public static ValueTask<T> GetOrSetAsync<T>(this ICache cache, string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.RememberAsync(key, ttl, _ => new ValueTask<T>(value), cancellationToken);
    }

    /// <summary>The exception of a strict read that missed; it says so when the miss is a disabled scope's.</summary>
    private static NotInCacheException NotInCache(ICache cache, string key)
    {
        bool disabled = cache switch
        {
            ICacheManager manager => !manager.IsEnabled,
            NamedCache named => !named.Manager.IsEnabled,
            _ => false,
        };
        return new NotInCacheException(key, cache.Name, disabled);
    }

    private static long Negate(long by)
        => by == long.MinValue ? throw new ArgumentOutOfRangeException(nameof(by), by, "Cannot decrement by long.MinValue: its negation does not fit a 64-bit integer.") : -by;
}
