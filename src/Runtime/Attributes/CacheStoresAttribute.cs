using System;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// Declares the names of the stores this assembly registers on its cache manager, so the Memoize analyzers can
/// report a <see cref="CachedAttribute.Store"/> that names none of them (MEMO022). The <c>"memory"</c> store is
/// always declared. Without this attribute store names are not checked.
/// </summary>
/// <example><code>[assembly: CacheStores("redis", "sqlite")]</code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class CacheStoresAttribute : Attribute
{
    /// <summary>Declares the stores named <paramref name="names"/>.</summary>
    /// <param name="names">The store names, as passed to <see cref="CacheManager.AddStore(string, ICacheStore, string?)"/>.</param>
    public CacheStoresAttribute(params string[] names)
    {
        Names = names ?? Array.Empty<string>();
    }

    /// <summary>The declared store names.</summary>
    public System.Collections.Generic.IReadOnlyList<string> Names { get; }
}
