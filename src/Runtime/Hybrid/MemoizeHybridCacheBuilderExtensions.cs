using System;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize;

/// <summary>Registers Memoize as the application's <see cref="HybridCache"/>.</summary>
public static class MemoizeHybridCacheBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="HybridCache"/> implemented on Memoize's manager and stores, so code written against
    /// <see cref="HybridCache"/> gets Memoize's stores, tags, layered invalidation and one computation per missing key.
    /// Where its behaviour differs from Microsoft's implementation is listed in <c>docs/hybridcache.md</c>.
    /// </summary>
    /// <remarks>
    /// It takes precedence over a <see cref="HybridCache"/> registered earlier. A store of type <c>hybrid</c> cannot be used with it:
    /// that store needs another HybridCache to keep its entries in.
    /// </remarks>
    /// <param name="builder">The builder <c>AddMemoize</c> returned.</param>
    /// <param name="configure">Chooses the store and the default entry options.</param>
    /// <returns>The builder.</returns>
    public static MemoizeBuilder AddHybridCache(this MemoizeBuilder builder, Action<MemoizeHybridCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new MemoizeHybridCacheOptions();
        configure?.Invoke(options);
        builder.Services.AddSingleton<HybridCache>(services => new MemoizeHybridCache(services.GetRequiredService<CacheManager>, options));
        return builder;
    }
}
