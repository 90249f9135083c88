using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.Testing;

namespace Memoize.Redis.Tests.Store;

/// <summary>
/// Eager refresh across processes: with the compute lock on, two managers (each its own connection and flight table,
/// as two processes have) past an entry's refresh moment start one refresh between them.
/// </summary>
[Collection(SingleRedisCollection.Name)]
public sealed class RedisRefreshLockTests : IDisposable
{
    private readonly SingleRedisFixture _redis;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly string _namespace = "memoize-refresh:" + Guid.NewGuid().ToString("N")[..12] + ":";
    private readonly RedisCacheStore _first;
    private readonly RedisCacheStore _second;

    public RedisRefreshLockTests(SingleRedisFixture redis)
    {
        _redis = redis;
        _first = NewStore();
        _second = NewStore();
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [RedisFact]
    public async Task Two_processes_past_the_refresh_moment_refresh_once_between_them()
    {
        CacheManager first = Manager(_first);
        CacheManager second = Manager(_second);
        var options = new RememberOptions { EagerRefresh = 0.5 };
        int calls = 0;
        var held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<CancellationToken, ValueTask<string>> factory = _ => Interlocked.Increment(ref calls) == 1 ? new ValueTask<string>("v1") : new ValueTask<string>(held.Task);
        Assert.Equal("v1", await first.RememberAsync("k", TimeSpan.FromMinutes(1), options, factory));

        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal("v1", await first.RememberAsync("k", TimeSpan.FromMinutes(1), options, factory));
        await Until(() => Volatile.Read(ref calls) == 2);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("v1", await second.RememberAsync("k", TimeSpan.FromMinutes(1), options, factory));
        }

        held.SetResult("v2");
        await Until(() => second.Get<string>("k") == "v2");
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    private RedisCacheStore NewStore() => new(new RedisCacheStoreOptions
    {
        Configuration = _redis.Configuration,
        KeyNamespace = _namespace,
        TimeProvider = _clock,
        DistributedLock = true,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        OperationTimeout = TimeSpan.FromSeconds(10),
    });

    private CacheManager Manager(RedisCacheStore store)
        => new CacheManager(new CacheManagerOptions { TimeProvider = _clock, DefaultStore = "redis" }).AddStore("redis", store);

    private static async Task Until(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "The condition did not hold in time.");
            await Task.Delay(5);
        }
    }
}
