using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Microsoft.Extensions.Caching.Distributed;

namespace Memoize;

/// <summary>
/// A store over any <see cref="IDistributedCache"/> (SQL Server, Cosmos DB, NCache, Redis through its own
/// adapter...), so a team memoizes on the distributed cache it already runs.
/// </summary>
/// <remarks>
/// Each value is kept with an 8-byte header holding its expiry, because <see cref="IDistributedCache"/> cannot report
/// one; the expiry is also given to the cache so it removes the entry itself. <see cref="IDistributedCache"/> cannot
/// enumerate or clear, so keys carry a generation number and a clear moves to the next one; entries of older
/// generations are never read again and expire on their own.
/// </remarks>
public sealed class DistributedCacheStore : ICacheStore
{
    private readonly IDistributedCache _cache;
    private readonly string _prefix;
    private readonly string _generationKey;
    private readonly long _refreshTicks;
    private long _generation = -1;
    private long _generationReadAt;

    /// <summary>Creates a store over <paramref name="cache"/>.</summary>
    /// <param name="cache">The distributed cache.</param>
    /// <param name="options">The key prefix and generation refresh; defaults when <see langword="null"/>.</param>
    public DistributedCacheStore(IDistributedCache cache, DistributedCacheStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        options ??= new DistributedCacheStoreOptions();
        ArgumentNullException.ThrowIfNull(options.KeyPrefix, nameof(options));
        if (options.GenerationRefresh < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.GenerationRefresh, "DistributedCacheStoreOptions.GenerationRefresh must not be negative.");
        }

        _cache = cache;
        _prefix = options.KeyPrefix;
        _generationKey = options.KeyPrefix + "generation";
        _refreshTicks = (long)(options.GenerationRefresh.TotalSeconds * Stopwatch.Frequency);
    }

    /// <inheritdoc/>
    public async ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        byte[]? stored = await _cache.GetAsync(await KeyOfAsync(key, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return ExpiryHeader.Read(stored);
    }

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        byte[] stored = ExpiryHeader.Prepend(value, expiresAt);
        var entryOptions = new DistributedCacheEntryOptions { AbsoluteExpiration = expiresAt };
        await _cache.SetAsync(await KeyOfAsync(key, cancellationToken).ConfigureAwait(false), stored, entryOptions, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        // IDistributedCache does not say whether it removed anything: read first so the answer is right.
        string fullKey = await KeyOfAsync(key, cancellationToken).ConfigureAwait(false);
        bool existed = await _cache.GetAsync(fullKey, cancellationToken).ConfigureAwait(false) is not null;
        await _cache.RemoveAsync(fullKey, cancellationToken).ConfigureAwait(false);
        return existed;
    }

    /// <inheritdoc/>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        long next = await ReadGenerationAsync(cancellationToken).ConfigureAwait(false) + 1;
        await _cache.SetAsync(_generationKey, System.Text.Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture)), new DistributedCacheEntryOptions(), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _generation, next);
        Volatile.Write(ref _generationReadAt, Stopwatch.GetTimestamp());
    }

    private async ValueTask<string> KeyOfAsync(string key, CancellationToken cancellationToken)
    {
        long generation = Volatile.Read(ref _generation);
        if (generation < 0 || Stopwatch.GetTimestamp() - Volatile.Read(ref _generationReadAt) > _refreshTicks)
        {
            generation = await ReadGenerationAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _generation, generation);
            Volatile.Write(ref _generationReadAt, Stopwatch.GetTimestamp());
        }

        return string.Concat(_prefix, generation.ToString(CultureInfo.InvariantCulture), ":", key);
    }

    private async ValueTask<long> ReadGenerationAsync(CancellationToken cancellationToken)
    {
        byte[]? stored = await _cache.GetAsync(_generationKey, cancellationToken).ConfigureAwait(false);
        return stored is not null && long.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out long generation) ? generation : 0;
    }
}
