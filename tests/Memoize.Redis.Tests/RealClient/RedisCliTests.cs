using System;
using System.Globalization;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Faults;
using Memoize.Redis.Tests.Infrastructure;

namespace Memoize.Redis.Tests.RealClient;

/// <summary>What another Redis client (redis-cli) sees of the store with its default options.</summary>
[Collection(SingleRedisCollection.Name)]
public sealed class RedisCliTests(SingleRedisFixture redis) : IDisposable
{
    private readonly RedisCacheStore _store = new(new RedisCacheStoreOptions { Configuration = redis.Configuration, ConnectTimeout = TimeSpan.FromSeconds(15), OperationTimeout = TimeSpan.FromSeconds(10) });

    [RedisFact]
    public async Task Redis_cli_sees_the_keys_under_the_memoize_namespace_with_the_ttl_we_set()
    {
        using var manager = new CacheManager(new CacheManagerOptions { KeyPrefix = "cli-test:" });
        manager.AddStore("redis", _store);
        var service = new SquareService(manager);

        Assert.Equal(49, service.Square(7));
        await manager.Cache("redis").PutAsync("greeting", "hello", TimeSpan.FromSeconds(42));

        string[] keys = RedisCli.Run(redis.Server.Port, "--scan", "--pattern", "memoize:cli-test:*").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("memoize:cli-test:greeting", keys);
        string squareKey = Assert.Single(keys, static k => k.Contains("Square", StringComparison.Ordinal));
        Assert.EndsWith("\"hello\"", RedisCli.Run(redis.Server.Port, "hget", "memoize:cli-test:greeting", "v"), StringComparison.Ordinal);
        Assert.Equal("49", RedisCli.Run(redis.Server.Port, "hget", squareKey, "v"));
        Assert.InRange(long.Parse(RedisCli.Run(redis.Server.Port, "pttl", "memoize:cli-test:greeting"), CultureInfo.InvariantCulture), 40_000, 42_000);
        Assert.InRange(long.Parse(RedisCli.Run(redis.Server.Port, "ttl", squareKey), CultureInfo.InvariantCulture), 290, 300);
    }

    [RedisFact]
    public async Task Flush_leaves_a_key_written_outside_the_namespace_untouched()
    {
        RedisCli.Run(redis.Server.Port, "set", "someone-elses-key", "precious");
        RedisCli.Run(redis.Server.Port, "set", "memoizeX", "looks alike but is outside");
        using var manager = new CacheManager(new CacheManagerOptions { DefaultStore = "redis" });
        manager.AddStore("redis", _store);
        await manager.PutAsync("mine", 1);

        await manager.FlushAsync();

        Assert.Equal("precious", RedisCli.Run(redis.Server.Port, "get", "someone-elses-key"));
        Assert.Equal("looks alike but is outside", RedisCli.Run(redis.Server.Port, "get", "memoizeX"));
        Assert.Equal("", RedisCli.Run(redis.Server.Port, "--scan", "--pattern", "memoize:*"));
        string commands = RedisCli.Run(redis.Server.Port, "info", "commandstats");
        Assert.Contains("cmdstat_scan:", commands, StringComparison.Ordinal);
        Assert.DoesNotContain("cmdstat_flushdb:", commands, StringComparison.Ordinal);
        Assert.DoesNotContain("cmdstat_flushall:", commands, StringComparison.Ordinal);
        RedisCli.Run(redis.Server.Port, "del", "someone-elses-key", "memoizeX");
    }

    public void Dispose() => _store.Dispose();
}
