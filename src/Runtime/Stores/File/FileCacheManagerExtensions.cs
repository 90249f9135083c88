using System;

namespace Memoize;

/// <summary>Registers a <see cref="FileCacheStore"/> with a <see cref="CacheManager"/>.</summary>
public static class FileCacheManagerExtensions
{
    /// <summary>Registers a file store named <paramref name="name"/>, created on first use with the manager's clock.</summary>
    /// <param name="manager">The manager.</param>
    /// <param name="name">The store's name.</param>
    /// <param name="options">The directory and optional budget.</param>
    /// <param name="keyPrefix">A prefix put before every key of this store, after the manager's.</param>
    /// <returns>The manager.</returns>
    public static CacheManager AddFileStore(this CacheManager manager, string name, FileCacheStoreOptions options, string? keyPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(options);
        return manager.AddStore(name, m => new FileCacheStore(options, m.TimeProvider), keyPrefix);
    }
}
