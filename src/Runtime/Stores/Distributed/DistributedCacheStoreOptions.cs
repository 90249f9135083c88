using System;

namespace Memoize;

/// <summary>Options of the <see cref="DistributedCacheStore"/>.</summary>
public sealed class DistributedCacheStoreOptions
{
    /// <summary>Put before every key this store writes, so it shares the distributed cache with others. Default <c>memoize:</c>.</summary>
    public string KeyPrefix { get; set; } = "memoize:";

    /// <summary>
    /// How long the store trusts its copy of the clear generation before reading it again. A flush in another process
    /// is seen within this time. Default 1 second; <see cref="TimeSpan.Zero"/> reads it on every operation.
    /// </summary>
    public TimeSpan GenerationRefresh { get; set; } = TimeSpan.FromSeconds(1);
}
