using System.Collections.Generic;

namespace Memoize;

/// <summary>Thrown by the strict reads (<c>GetRequired</c>) when the key holds no value.</summary>
public sealed class NotInCacheException : KeyNotFoundException
{
    /// <summary>Creates the exception for <paramref name="key"/> of the store <paramref name="storeName"/>.</summary>
    /// <param name="key">The key that missed, as the caller gave it.</param>
    /// <param name="storeName">The store's registered name.</param>
    public NotInCacheException(string key, string storeName)
        : base($"The cache store '{storeName}' holds no value under the key '{key}'.")
    {
        Key = key;
        StoreName = storeName;
    }

    /// <summary>The key that missed, as the caller gave it.</summary>
    public string Key { get; }

    /// <summary>The name of the store that was read.</summary>
    public string StoreName { get; }
}
