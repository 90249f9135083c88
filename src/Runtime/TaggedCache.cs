using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// Cache operations that tag what they write, from <see cref="ICache.Tags(string[])"/>. Tagged values are ordinary
/// entries: read them with the usual <c>Get</c>. <see cref="Flush"/> removes every entry that carries any of the tags.
/// </summary>
/// <remarks>
/// A key stays a member of a tag until the tag is flushed or every entry written with the tag has expired (a tag is
/// kept a minute longer than the longest-lived of them, or until flushed when one never expires). Membership is kept
/// natively by an <see cref="ITaggingCacheStore"/>, otherwise in one entry per tag (written under a per-key lock of
/// this process).
/// </remarks>
public sealed class TaggedCache
{
    private readonly NamedCache _cache;
    private readonly string[] _tags;

    internal TaggedCache(NamedCache cache, string[] tags)
    {
        _cache = cache;
        _tags = NamedCache.CheckTags(tags);
    }

    /// <summary>The tags these operations attach and flush.</summary>
    public IReadOnlyList<string> Names => _tags;

    /// <summary>Stores a tagged value for <paramref name="ttl"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live.</param>
    public void Put<T>(string key, T value, TimeSpan? ttl = null) => NamedCache.Wait(PutAsync(key, value, ttl));

    /// <inheritdoc cref="Put{T}(string, T, TimeSpan?)"/>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    public async ValueTask PutAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        await _cache.AddToTagsAsync(CheckKey(key), _tags, _cache.ExpiryOf(ttl), cancellationToken).ConfigureAwait(false);
        await _cache.PutAsync(key, value, ttl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a tagged value until <paramref name="expiresAt"/>.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAt">When the value expires.</param>
    public void Put<T>(string key, T value, DateTimeOffset expiresAt) => NamedCache.Wait(PutAsync(key, value, expiresAt));

    /// <inheritdoc cref="Put{T}(string, T, DateTimeOffset)"/>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAt">When the value expires.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    public async ValueTask PutAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await _cache.AddToTagsAsync(CheckKey(key), _tags, expiresAt, cancellationToken).ConfigureAwait(false);
        await _cache.PutAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a tagged value that never expires.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Forever<T>(string key, T value) => Put(key, value, Timeout.InfiniteTimeSpan);

    /// <summary>Stores a tagged value only when the key holds none.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live.</param>
    /// <returns><see langword="true"/> when this call stored the value.</returns>
    public bool Add<T>(string key, T value, TimeSpan? ttl = null) => NamedCache.Wait(AddAsync(key, value, ttl));

    /// <inheritdoc cref="Add{T}(string, T, TimeSpan?)"/>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">How long to keep it; <see langword="null"/> uses the default time to live.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async ValueTask<bool> AddAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        await _cache.AddToTagsAsync(CheckKey(key), _tags, _cache.ExpiryOf(ttl), cancellationToken).ConfigureAwait(false);
        return await _cache.AddAsync(key, value, ttl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the value under the key, or computes, tags and stores it (see <see cref="ICache.Remember{T}(string, TimeSpan?, Func{T})"/>).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long to keep a computed value; <see langword="null"/> uses the default time to live.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <returns>The cached or computed value.</returns>
    public T Remember<T>(string key, TimeSpan? ttl, Func<T> factory) => Remember(key, ttl, options: null, factory);

    /// <summary>
    /// Returns the value under the key, or computes, tags and stores it, with fail-safe, eager refresh and jitter as
    /// <paramref name="options"/> say (see <see cref="ICache.Remember{T}(string, TimeSpan?, RememberOptions?, Func{T})"/>).
    /// A value kept past its time to live for fail-safe stays covered by the tags until it goes.
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long to keep a computed value; <see langword="null"/> uses the default time to live.</param>
    /// <param name="options">The resilience options; <see langword="null"/> or unset properties take the manager's defaults. Timeouts are refused: a synchronous call cannot honour them.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <returns>The cached or computed value.</returns>
    /// <exception cref="ArgumentException"><paramref name="options"/> sets a timeout.</exception>
    public T Remember<T>(string key, TimeSpan? ttl, RememberOptions? options, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ResiliencePolicy.RejectTimeoutsOnSynchronousCall(options, nameof(options));
        return NamedCache.Wait(RememberAsync(key, ttl, options, _ => new ValueTask<T>(factory())));
    }

    /// <inheritdoc cref="Remember{T}(string, TimeSpan?, Func{T})"/>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long to keep a computed value; <see langword="null"/> uses the default time to live.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="cancellationToken">Cancels the wait and is passed to the factory.</param>
    public ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
        => RememberAsync(key, ttl, options: null, factory, cancellationToken);

    /// <inheritdoc cref="Remember{T}(string, TimeSpan?, RememberOptions?, Func{T})"/>
    /// <param name="key">The key.</param>
    /// <param name="ttl">How long to keep a computed value; <see langword="null"/> uses the default time to live.</param>
    /// <param name="options">The resilience options (fail-safe, timeouts, eager refresh, jitter); <see langword="null"/> or unset properties take the manager's defaults.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="cancellationToken">Cancels the wait and is passed to the factory.</param>
    public async ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, RememberOptions? options, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        // Tagged before the read, so a flush that runs meanwhile covers the value; tagged again once a value is
        // computed, since that entry's expiry counts from the end of a computation that may have taken long.
        // Until the latest the entry may be kept: with fail-safe, past its time to live.
        ResiliencePolicy policy = _cache.Manager.PolicyOf(options);
        await _cache.AddToTagsAsync(CheckKey(key), _tags, _cache.KeptExpiryOf(ttl, policy), cancellationToken).ConfigureAwait(false);
        return await _cache.RememberAsync(key, ttl, options, async ct =>
        {
            T value = await factory(ct).ConfigureAwait(false);
            await _cache.AddToTagsAsync(key, _tags, _cache.KeptExpiryOf(ttl, policy), ct).ConfigureAwait(false);
            return value;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes every entry carrying any of these tags, and the tags themselves.</summary>
    /// <returns>How many entries were removed.</returns>
    public long Flush() => NamedCache.Wait(FlushAsync());

    /// <inheritdoc cref="Flush"/>
    /// <param name="cancellationToken">Cancels the flush.</param>
    public ValueTask<long> FlushAsync(CancellationToken cancellationToken = default) => _cache.FlushTagsAsync(_tags, cancellationToken);

    private string CheckKey(string key)
    {
        _cache.FullKey(key);
        return key;
    }
}
