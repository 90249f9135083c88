using System;

namespace Memoize;

/// <summary>Registers a <see cref="SqliteCacheStore"/> with a <see cref="CacheManager"/>.</summary>
public static class SqliteCacheManagerExtensions
{
    /// <summary>Registers an SQLite store named <paramref name="name"/>, opened on first use with the manager's clock.</summary>
    /// <param name="manager">The manager.</param>
    /// <param name="name">The store's name.</param>
    /// <param name="options">The database, table and optional budget; an in-memory database when <see langword="null"/>.</param>
    /// <param name="keyPrefix">A prefix put before every key of this store, after the manager's.</param>
    /// <returns>The manager.</returns>
    public static CacheManager AddSqliteStore(this CacheManager manager, string name, SqliteCacheStoreOptions? options = null, string? keyPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return manager.AddStore(name, m => new SqliteCacheStore(options, m.TimeProvider), keyPrefix);
    }
}
