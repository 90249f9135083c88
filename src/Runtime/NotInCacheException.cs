using System.Collections.Generic;

namespace Memoize;

/// <summary>
/// Thrown by the strict reads (<c>GetRequired</c>) when the key holds no value, or when caching is disabled in the
/// current scope (<see cref="ICacheManager.Disable"/>) so the store was not read at all.
/// </summary>
public sealed class NotInCacheException : KeyNotFoundException
{
    /// <summary>Creates the exception for <paramref name="key"/> of the store <paramref name="storeName"/>.</summary>
    /// <param name="key">The key that missed, as the caller gave it.</param>
    /// <param name="storeName">The store's registered name.</param>
    public NotInCacheException(string key, string storeName)
        : this(key, storeName, cachingDisabled: false)
    {
    }

    /// <summary>Creates the exception for <paramref name="key"/> of the store <paramref name="storeName"/>.</summary>
    /// <param name="key">The key that missed, as the caller gave it.</param>
    /// <param name="storeName">The store's registered name.</param>
    /// <param name="cachingDisabled">Whether the read missed because caching is disabled in the current scope.</param>
    public NotInCacheException(string key, string storeName, bool cachingDisabled)
        : base(cachingDisabled
            ? $"Caching is disabled in this scope (ICacheManager.Disable()), so the cache store '{storeName}' was not read for the key '{key}'; the value may well be stored."
            : $"The cache store '{storeName}' holds no value under the key '{key}'.")
    {
        Key = key;
        StoreName = storeName;
        CachingDisabled = cachingDisabled;
    }

    /// <summary>The key that missed, as the caller gave it.</summary>
    public string Key { get; }

    /// <summary>The name of the store that was read.</summary>
    public string StoreName { get; }

    /// <summary>Whether the read missed because caching is disabled in the current scope, not because the key holds no value.</summary>
    public bool CachingDisabled { get; }
}
