using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// The cache operations on one store. <see cref="CacheManager"/> implements them for its default store and
/// <see cref="ICacheManager.Cache(string?)"/> returns them for any named store. <see cref="CacheExtensions"/> adds
/// the conveniences built on them (<c>Get</c> with a default, <c>GetRequired</c>, <c>Forever</c>, <c>Pull</c>,
/// <c>Decrement</c>, <c>RememberForever</c>, <c>GetOrSet</c>, minutes as an <see cref="int"/>).
/// </summary>
/// <remarks>
/// <para>Keys are the caller's: the manager's and the store's prefixes are added before they reach the store.
/// A key must not be <see langword="null"/> or empty.</para>
/// <para>A <see langword="null"/> value is a value like any other: it is stored and returned as a hit.</para>
/// <para>Lifetimes: a <see langword="null"/> time to live means the manager's <see cref="ICacheManager.DefaultTtl"/>;
/// <see cref="Timeout.InfiniteTimeSpan"/> means forever; zero, any other negative span, or an expiry time that
/// has already passed stores nothing and removes the previous value (a lifetime that is over).</para>
/// <para>While the manager is disabled (<see cref="ICacheManager.Disable"/>) the store is not touched: every
/// read misses, and writes, removals, flushes and copies do nothing.</para>
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

    /// <summary>Whether <paramref name="key"/> holds a live value.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when a value exists and has not expired.</returns>
    bool Has(string key);

    /// <inheritdoc cref="Has(string)"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<bool> HasAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> for <paramref name="ttl"/>, replacing any previous value.</summary>
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

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> until <paramref name="expiresAt"/>. A time already passed stores nothing and removes any previous value.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAt">When the value expires.</param>
    void Put<T>(string key, T value, DateTimeOffset expiresAt);

    /// <inheritdoc cref="Put{T}(string, T, DateTimeOffset)"/>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAt">When the value expires.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    ValueTask PutAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="value"/> only when <paramref name="key"/> holds no live value. Atomic: of many
    /// concurrent callers exactly one stores (across processes when the store implements <see cref="IAtomicCacheStore"/>).
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live. A lifetime that is already over stores nothing.</param>
    /// <returns><see langword="true"/> when this call stored the value.</returns>
    bool Add<T>(string key, T value, TimeSpan? ttl = null);

    /// <inheritdoc cref="Add{T}(string, T, TimeSpan?)"/>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<bool> AddAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="Add{T}(string, T, TimeSpan?)"/>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAt">When the value expires; a time already passed stores nothing.</param>
    bool Add<T>(string key, T value, DateTimeOffset expiresAt);

    /// <inheritdoc cref="Add{T}(string, T, TimeSpan?)"/>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAt">When the value expires; a time already passed stores nothing.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<bool> AddAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Removes the value under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when a value existed.</returns>
    bool Forget(string key);

    /// <inheritdoc cref="Forget(string)"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads the value under <paramref name="key"/> and removes it, atomically.</summary>
    /// <typeparam name="T">The type the value was stored as.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns><see langword="true"/> on a hit.</returns>
    bool TryPull<T>(string key, out T value);

    /// <inheritdoc cref="TryPull{T}(string, out T)"/>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The lookup's outcome.</returns>
    ValueTask<CacheResult<T>> TryPullAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <paramref name="by"/> to the integer under <paramref name="key"/> atomically and returns the new value.
    /// The entry keeps its remaining time to live. A missing (or expired) key counts as zero: the call stores
    /// <paramref name="by"/> in a new entry that never expires.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="by">The amount to add; negative to subtract.</param>
    /// <returns>The new value; <paramref name="by"/> while the cache is disabled.</returns>
    /// <exception cref="InvalidOperationException">The key holds a value that is not an integer.</exception>
    /// <exception cref="OverflowException">The result does not fit a 64-bit integer.</exception>
    long Increment(string key, long by = 1);

    /// <inheritdoc cref="Increment(string, long)"/>
    /// <param name="key">The key.</param>
    /// <param name="by">The amount to add; negative to subtract.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    ValueTask<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the value under <paramref name="key"/>, or computes it once with <paramref name="factory"/> and
    /// stores it for <paramref name="ttl"/>. Concurrent callers of one missing key share a single computation;
    /// an exception from the factory reaches every waiting caller and nothing is stored. A <see langword="null"/>
    /// result is stored like any other. A failing store never fails the call: the value is computed instead.
    /// The manager's default fail-safe, eager refresh and jitter apply (<see cref="CacheManagerOptions"/>); pass
    /// <see cref="RememberOptions"/> to the overload that takes them to choose per call.
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

    /// <summary>
    /// <see cref="Remember{T}(string, TimeSpan?, Func{T})"/> with fail-safe, eager refresh and jitter: each option of
    /// <paramref name="options"/> left <see langword="null"/> takes the manager's default (<see cref="CacheManagerOptions"/>),
    /// which the plain overload uses for all of them.
    /// </summary>
    /// <remarks>
    /// A synchronous caller cannot stop waiting for its factory without blocking a thread: explicit
    /// <see cref="RememberOptions.SoftTimeoutMilliseconds"/> or <see cref="RememberOptions.HardTimeoutMilliseconds"/>
    /// are refused here (use <see cref="RememberAsync{T}(string, TimeSpan?, RememberOptions?, Func{CancellationToken, ValueTask{T}}, CancellationToken)"/>),
    /// and the manager's default timeouts do not apply. The default implementation, for caches an application
    /// implements, throws <see cref="NotSupportedException"/>.
    /// </remarks>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long a computed value is fresh; <see langword="null"/> uses the default time to live.</param>
    /// <param name="options">Fail-safe, eager refresh and jitter; <see langword="null"/> for the manager's defaults.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <returns>The cached, computed or (fail-safe) last good value.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets a timeout.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and the allowed range.</exception>
    T Remember<T>(string key, TimeSpan? ttl, RememberOptions? options, Func<T> factory)
        => throw new NotSupportedException($"{GetType().FullName} does not support Remember with RememberOptions; implement ICache.Remember<T>(string, TimeSpan?, RememberOptions?, Func<T>).");

    /// <summary>
    /// <see cref="RememberAsync{T}(string, TimeSpan?, Func{CancellationToken, ValueTask{T}}, CancellationToken)"/> with
    /// fail-safe, soft and hard factory timeouts, eager refresh and jitter: each option of <paramref name="options"/>
    /// left <see langword="null"/> takes the manager's default (<see cref="CacheManagerOptions"/>), which the plain
    /// overload uses for all of them.
    /// </summary>
    /// <remarks>
    /// Fail-safe: when the factory throws (or times out) and a value past its time to live is still kept, that value is
    /// returned instead of the exception and served as fresh for <see cref="RememberOptions.FailSafeThrottleSeconds"/>.
    /// Cancellation through <paramref name="cancellationToken"/> is never turned into a stale value. Past a timeout the
    /// factory keeps running (with the same token) and stores its value when it completes. The default implementation,
    /// for caches an application implements, throws <see cref="NotSupportedException"/>.
    /// </remarks>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long a computed value is fresh; <see langword="null"/> uses the default time to live.</param>
    /// <param name="options">The options; <see langword="null"/> for the manager's defaults.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="cancellationToken">Cancels the wait and is passed to the factory.</param>
    /// <returns>The cached, computed or (fail-safe) last good value.</returns>
    /// <exception cref="TimeoutException">The hard timeout passed with no kept value to fall back on; the message names the key.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and the allowed range.</exception>
    ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, RememberOptions? options, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
        => throw new NotSupportedException($"{GetType().FullName} does not support RememberAsync with RememberOptions; implement ICache.RememberAsync<T>(string, TimeSpan?, RememberOptions?, Func<CancellationToken, ValueTask<T>>, CancellationToken).");

    /// <summary>
    /// Removes every entry of this store registration: with a key prefix, only the keys under that prefix;
    /// without one, everything the store holds (its own table, directory or namespace only).
    /// </summary>
    void Flush();

    /// <inheritdoc cref="Flush"/>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the entries are gone.</returns>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The operations that attach <paramref name="tags"/> to the entries they write, and flush by tag:
    /// <c>cache.Tags("users", "eu").Put(...)</c>, then <c>cache.Tags("users").Flush()</c>.
    /// </summary>
    /// <param name="tags">One or more tag names.</param>
    /// <returns>The tagged operations.</returns>
    /// <exception cref="ArgumentException">No tag was given, or a tag is empty.</exception>
    TaggedCache Tags(params string[] tags);

    /// <summary>
    /// Copies every live entry of this store registration into <paramref name="destination"/>, each with its
    /// remaining time to live, replacing values under the same keys there. Keys keep their caller form: the
    /// destination's prefixes are applied.
    /// </summary>
    /// <param name="destination">Another store (of this or another manager).</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>How many entries were copied.</returns>
    /// <exception cref="NotSupportedException">The store cannot list its entries (it implements neither <see cref="IEnumerableCacheStore"/> nor is the memory store).</exception>
    ValueTask<long> CopyToAsync(ICache destination, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entries whose time has passed, for stores that keep them until asked (SQLite, files, memory).</summary>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>How many entries were removed; 0 for stores that drop expired entries on their own.</returns>
    ValueTask<long> PurgeExpiredAsync(CancellationToken cancellationToken = default);
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
