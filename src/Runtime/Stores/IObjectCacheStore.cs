using System;

namespace Memoize.Stores;

/// <summary>
/// A store that keeps live objects instead of bytes, so values are never serialized (the memory store).
/// The cache uses these operations in preference to the byte operations of <see cref="ICacheStore"/>.
/// </summary>
public interface IObjectCacheStore : ICacheStore
{
    /// <summary>Reads the object stored under <paramref name="key"/>.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="value">The stored object (which may be <see langword="null"/>), when found.</param>
    /// <returns><see langword="true"/> when a live entry exists.</returns>
    bool TryGetObject(string key, out object? value);

    /// <summary>Stores an object under <paramref name="key"/>, replacing any previous value.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <param name="value">The object to keep; <see langword="null"/> is a value like any other.</param>
    /// <param name="expiresAt">When the entry expires; <see langword="null"/> keeps it until removed.</param>
    void SetObject(string key, object? value, DateTimeOffset? expiresAt);

    /// <summary>Removes the entry under <paramref name="key"/>.</summary>
    /// <param name="key">The fully prefixed key.</param>
    /// <returns><see langword="true"/> when a live entry existed.</returns>
    bool Remove(string key);

    /// <summary>Removes every entry this store holds.</summary>
    void Clear();
}
