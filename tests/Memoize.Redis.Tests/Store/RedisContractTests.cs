using System;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.Testing;

namespace Memoize.Redis.Tests.Store;

// The shared store contract (tests/Memoize.Testing) against Redis. Each test gets a fresh namespace, and the
// store runs on the test's fake clock, which decides expiry just as the cache's clock does for every store.
// Without redis-server the contract is skipped with the reason on a developer machine, and fails under CI=true.

[Collection(SingleRedisCollection.Name)]
public sealed class SingleRedisContractTests(SingleRedisFixture redis) : CacheStoreContract<RedisCacheStore>
{
    /// <summary>Skips the contract without redis-server on a developer machine (never under CI).</summary>
    public static string? SkipReason => RedisFactAttribute.SkipReason;

    private readonly string _namespace = RedisContract.NewNamespace();

    protected override RedisCacheStore CreateStore(TimeProvider clock) => RedisContract.NewStore(redis.Configuration, _namespace, clock);
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRedisContractTests(RedisClusterFixture cluster) : CacheStoreContract<RedisCacheStore>
{
    /// <summary>Skips the contract without redis-server on a developer machine (never under CI).</summary>
    public static string? SkipReason => RedisFactAttribute.SkipReason;

    private readonly string _namespace = RedisContract.NewNamespace();

    protected override RedisCacheStore CreateStore(TimeProvider clock) => RedisContract.NewStore(cluster.Configuration, _namespace, clock);
}

[Collection(SingleRedisCollection.Name)]
public sealed class LayeredContractTests(SingleRedisFixture redis) : CacheStoreContract<LayeredCacheStore>
{
    /// <summary>Skips the contract without redis-server on a developer machine (never under CI).</summary>
    public static string? SkipReason => RedisFactAttribute.SkipReason;

    private readonly string _namespace = RedisContract.NewNamespace();
    private RedisCacheStore? _remote;

    protected override LayeredCacheStore CreateStore(TimeProvider clock)
    {
        _remote = RedisContract.NewStore(redis.Configuration, _namespace, clock);
        return new LayeredCacheStore(_remote);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _remote?.Dispose();
    }
}

internal static class RedisContract
{
    public static string NewNamespace() => "memoize-contract:" + Guid.NewGuid().ToString("N")[..12] + ":";

    // The contract creates its store lazily and may do so from several threads at once; every store of one test
    // must therefore share that test's namespace.
    public static RedisCacheStore NewStore(string configuration, string keyNamespace, TimeProvider clock) => new(new RedisCacheStoreOptions
    {
        Configuration = configuration,
        KeyNamespace = keyNamespace,
        TimeProvider = clock,

        // Generous: the machines that run these tests are often busy, and the contract is not about timeouts.
        ConnectTimeout = TimeSpan.FromSeconds(15),
        OperationTimeout = TimeSpan.FromSeconds(10),
    });
}

[Collection(SingleRedisCollection.Name)]
public sealed class RedisResilienceTests(SingleRedisFixture redis) : ResilienceContract<RedisCacheStore>
{
    /// <summary>Skips the contract without redis-server on a developer machine (never under CI).</summary>
    public static string? SkipReason => RedisFactAttribute.SkipReason;

    private readonly string _namespace = RedisContract.NewNamespace();

    protected override RedisCacheStore CreateStore(TimeProvider clock) => RedisContract.NewStore(redis.Configuration, _namespace, clock);
}

[Collection(SingleRedisCollection.Name)]
public sealed class LayeredResilienceTests(SingleRedisFixture redis) : ResilienceContract<LayeredCacheStore>
{
    /// <summary>Skips the contract without redis-server on a developer machine (never under CI).</summary>
    public static string? SkipReason => RedisFactAttribute.SkipReason;

    private readonly string _namespace = RedisContract.NewNamespace();
    private RedisCacheStore? _remote;

    protected override LayeredCacheStore CreateStore(TimeProvider clock)
    {
        _remote = RedisContract.NewStore(redis.Configuration, _namespace, clock);
        return new LayeredCacheStore(_remote);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _remote?.Dispose();
    }
}
