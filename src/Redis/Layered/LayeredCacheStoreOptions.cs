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

    internal void Validate()
    {
        if (LocalDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LocalDuration), LocalDuration, "LayeredCacheStoreOptions.LocalDuration must be positive.");
        }
    }
}
