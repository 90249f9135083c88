using System.Globalization;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;
using Memoize.Benchmarks.Subjects;

namespace Memoize.Benchmarks.Peers;

/// <summary>
/// How each peer is configured, in one place, the way its documentation shows: every entry lives for
/// <see cref="Workload.Ttl"/> in both levels, and nothing else is changed from the defaults.
/// </summary>
internal static class PeerSetup
{
    /// <summary>The string key a peer caller builds for <c>Compute(id, name)</c> (the same as hand-written code's).</summary>
    public static string ComputeKey(int id, string name) => HandWrittenMemoryCache.StringKey(id, name);

    /// <summary>The string key a peer caller builds for a product.</summary>
    public static string ProductKey(int id) => string.Create(CultureInfo.InvariantCulture, $"product:{id}");

    /// <summary>FusionCache in memory only, on the given memory cache (so a benchmark can reach its first level).</summary>
    public static FusionCache FusionCacheInMemory(IMemoryCache memory)
        => new(new FusionCacheOptions { DefaultEntryOptions = new FusionCacheEntryOptions { Duration = Workload.Ttl } }, memory);

    /// <summary>
    /// FusionCache with Redis as the second level (Microsoft's <see cref="RedisCache"/>, System.Text.Json) and the
    /// Redis backplane, both on <paramref name="redis"/>.
    /// </summary>
    public static FusionCache FusionCacheOnRedis(IMemoryCache memory, IConnectionMultiplexer redis)
    {
        var cache = FusionCacheInMemory(memory);
        cache.SetupDistributedCache(
            new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) }),
            new FusionCacheSystemTextJsonSerializer());
        cache.SetupBackplane(new RedisBackplane(new RedisBackplaneOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) }));
        return cache;
    }

    /// <summary>
    /// Microsoft's HybridCache from a service container, on the given memory cache; with Redis as the second level
    /// (<c>AddStackExchangeRedisCache</c>) when <paramref name="redis"/> is given. Dispose the returned provider.
    /// </summary>
    public static (ServiceProvider Services, HybridCache Cache) HybridCache(IMemoryCache memory, IConnectionMultiplexer? redis = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(memory);
        if (redis is not null)
        {
            services.AddStackExchangeRedisCache(options => options.ConnectionMultiplexerFactory = () => Task.FromResult(redis));
        }

        services.AddHybridCache(options => options.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = Workload.Ttl, LocalCacheExpiration = Workload.Ttl });
        ServiceProvider provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<HybridCache>());
    }
}
