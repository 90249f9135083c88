using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// The cache operations on one store. <see cref="CacheManager"/> implements them for its default store and
/// <see cref="ICacheManager.Store(string?)"/> returns them for any named store.
/// </summary>
/// <remarks>
/// Keys are the caller's: the manager's and the store's prefixes are added before they reach the store.
/// A <see langword="null"/> value is a value like any other: it is stored and returned as a hit.
/// While the manager is disabled (<see cref="ICacheManager.Disable"/>) every read misses and nothing is written.
/// </remarks>
public interface ICache
{
    /// <summary>The store's registered name.</summary>
    string Name { get; }

    /// <summary>Reads the value under <paramref name="key"/>.</summary>
    /// <typeparam name="T">The type the value was stored as.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns><see langword="true"/> on a hit.</returns>
    bool TryGet<T>(string key, out T value);

    /// <summary>Reads the value under <paramref name="key"/>.</summary>
    /// <typeparam name="T">The type the value was stored as.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The lookup's outcome.</returns>
    ValueTask<CacheResult<T>> TryGetAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> for <paramref name="ttl"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live. Zero or negative stores nothing and removes any previous value.</param>
    void Put<T>(string key, T value, TimeSpan? ttl = null);

    /// <inheritdoc cref="Put{T}(string, T, TimeSpan?)"/>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    ValueTask PutAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Removes the value under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when a value existed.</returns>
    bool Forget(string key);

    /// <inheritdoc cref="Forget(string)"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the value under <paramref name="key"/>, or computes it once with <paramref name="factory"/> and
    /// stores it for <paramref name="ttl"/>. Concurrent callers of one missing key share a single computation;
    /// an exception from the factory reaches every waiting caller and nothing is stored.
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long to keep a computed value; <see langword="null"/> uses the default time to live.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <returns>The cached or computed value.</returns>
    T Remember<T>(string key, TimeSpan? ttl, Func<T> factory);

    /// <inheritdoc cref="Remember{T}(string, TimeSpan?, Func{T})"/>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long to keep a computed value; <see langword="null"/> uses the default time to live.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="cancellationToken">Cancels the wait and is passed to the factory.</param>
    ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default);

    /// <summary>Removes every entry of this store (its own entries only, under its prefix).</summary>
    void Flush();

    /// <inheritdoc cref="Flush"/>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the store is empty.</returns>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}

/// <summary>The outcome of a cache lookup.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Found">Whether the key held a value.</param>
/// <param name="Value">The value on a hit; <see langword="default"/> on a miss.</param>
public readonly record struct CacheResult<T>(bool Found, T Value)
{
    /// <summary>A miss.</summary>
    public static CacheResult<T> Miss => default;
}
