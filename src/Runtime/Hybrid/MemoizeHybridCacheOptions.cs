using Microsoft.Extensions.Caching.Hybrid;

namespace Memoize;

/// <summary>Options of the <see cref="HybridCache"/> that <see cref="MemoizeHybridCacheBuilderExtensions.AddHybridCache"/> registers.</summary>
public sealed class MemoizeHybridCacheOptions
{
    /// <summary>The Memoize store the HybridCache keeps its entries in; <see langword="null"/> (the default) for the manager's default store.</summary>
    public string? Store { get; set; }

    /// <summary>
    /// The entry options of calls that give none, or leave one of them <see langword="null"/>. An expiration given nowhere
    /// is the manager's default time to live (<see cref="ICacheManager.DefaultTtl"/>).
    /// </summary>
    public HybridCacheEntryOptions? DefaultEntryOptions { get; set; }
}
