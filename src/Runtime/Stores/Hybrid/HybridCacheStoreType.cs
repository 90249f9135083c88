using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize;

/// <summary>The store type <c>hybrid</c>: a <see cref="HybridCacheStore"/> over the application's registered <see cref="HybridCache"/>.</summary>
internal static class HybridCacheStoreType
{
    public static readonly CacheStoreType Type = new(HybridCacheStore.TypeName, static context =>
    {
        // Memoize's own HybridCache resolves its manager on first use, so asking for it here cannot recurse.
        HybridCache cache = context.Services.GetService<HybridCache>()
            ?? throw new MemoizeConfigurationException($"{context.Path}:Type '{HybridCacheStore.TypeName}' needs a HybridCache registered in the services (AddHybridCache() of Microsoft.Extensions.Caching.Hybrid, or FusionCache's AddFusionCache().AsHybridCache()).");
        if (cache is MemoizeHybridCache)
        {
            throw new MemoizeConfigurationException($"{context.Path}:Type '{HybridCacheStore.TypeName}' cannot be used here: {MemoizeHybridCache.StoreOnItselfMessage}");
        }

        var options = new HybridCacheStoreOptions();
        if (context.GetString("KeyPrefix") is { } prefix)
        {
            options.KeyPrefix = prefix;
        }

        return manager => new HybridCacheStore(cache, options, manager.TimeProvider);
    });
}
