using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Stores;

/// <summary>Optional: a store that keeps expired entries until asked to remove them (SQLite, files, memory).</summary>
public interface IPurgeableCacheStore : ICacheStore
{
    /// <summary>Deletes every entry whose expiry has passed.</summary>
    /// <param name="now">The current time of the cache's clock.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>How many entries were removed.</returns>
    ValueTask<long> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
