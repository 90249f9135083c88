using System;

namespace Memoize.Redis;

/// <summary>Options of the memory level of a <see cref="LayeredCacheStore"/>.</summary>
public sealed class LayeredCacheStoreOptions
{
    /// <summary>
    /// The longest an entry stays in process memory before it is read from Redis again, even without an
    /// invalidation message (a safety net for messages lost while disconnected). Default 5 minutes.
    /// </summary>
    public TimeSpan LocalDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most entries kept in process memory; <see langword="null"/> (the default) for no limit.</summary>
    public long? LocalSizeLimit { get; set; }

    /// <summary>
    /// The most invalidations (keys and tags) kept while Redis is unreachable, to be carried out and announced to other
    /// processes when it returns. One more replaces them all with a flush of the whole namespace, in Redis and in every
    /// process's memory: nothing forgotten is served afterwards, but every process starts cold. Default 10,000; at least 1.
    /// </summary>
    public int MaxPendingInvalidations { get; set; } = 10_000;

    internal void Validate()
    {
        if (LocalDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LocalDuration), LocalDuration, "LayeredCacheStoreOptions.LocalDuration must be positive.");
        }

        if (MaxPendingInvalidations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingInvalidations), MaxPendingInvalidations, "LayeredCacheStoreOptions.MaxPendingInvalidations must be at least 1 (the invalidations kept while Redis is unreachable).");
        }
    }
}
