using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Redis;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.ReliabilityTests.Load;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Xunit.Abstractions;

namespace Memoize.ReliabilityTests.Redis;

/// <summary>
/// A real redis-server, started by each test on a free loopback port, is killed, restarted, slowed and shared under
/// memoized load: no call fails or returns a wrong value, calls stay bounded by the operation timeout, and two
/// applications sharing the server never see or flush each other's keys.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class RedisReliabilityTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(500);
    private RedisServer? _server;

    [RedisFact]
    public async Task Redis_killed_and_restarted_under_steady_load_fails_no_call_and_is_used_again()
    {
        _server = RedisServer.Start();
        using RedisCacheStore store = NewStore(_server, "reliability:");
        using CacheManager manager = Manager(store);
        var echo = new Echo(manager);
        TimeSpan phase = TimeSpan.FromSeconds(Soak.Enabled ? 10 : 1);
        long wrong = 0;
        long failed = 0;
        long calls = 0;
        using var stop = new CancellationTokenSource();

        Task[] workers = Enumerable.Range(0, 4).Select(worker => Task.Factory.StartNew(() =>
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                int k = random.Next(64);
                try
                {
                    if (echo.Describe("r", k) != Echo.Expected("r", k))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failed);
                }

                Interlocked.Increment(ref calls);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        await Task.Delay(phase);
        long hitsBeforeKill = store.Hits;
        _server.Kill();
        await Task.Delay(phase);
        long hitsWhileDown = store.Hits;
        _server.Restart();
        var sinceRestart = Stopwatch.StartNew();
        while (store.Hits <= hitsWhileDown && sinceRestart.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(10);
        }

        TimeSpan recovery = sinceRestart.Elapsed;
        await Task.Delay(phase);
        stop.Cancel();
        await Task.WhenAll(workers);

        output.WriteLine($"{Interlocked.Read(ref calls):N0} calls over {3 * phase.TotalSeconds:F0} s + recovery; Redis used again {recovery.TotalMilliseconds:F0} ms after restart; hits before kill {hitsBeforeKill:N0}, after {store.Hits:N0}; store failures counted {manager.StoreFailures:N0}; outages {store.Outages}");
        Assert.Equal(0, Interlocked.Read(ref failed));
        Assert.Equal(0, Interlocked.Read(ref wrong));
        Assert.True(hitsBeforeKill > 0, "Redis served hits before the kill");
        Assert.True(store.Hits > hitsWhileDown, $"Redis was not used again within {recovery}");
        Assert.True(manager.StoreFailures > 0, "the outage was counted");
    }

    [RedisFact]
    public async Task A_paused_redis_bounds_every_call_by_the_operation_timeout_and_calls_compute()
    {
        _server = RedisServer.Start("--enable-debug-command", "yes");
        using RedisCacheStore store = NewStore(_server, "slow:");
        using CacheManager manager = Manager(store);
        var echo = new Echo(manager);
        echo.Describe("warm", 0);
        await using IAsyncDisposable pause = await _server.PauseAsync(seconds: 3);

        var slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        Task<TimeSpan>[] calls = Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(() =>
        {
            var one = Stopwatch.StartNew();
            Assert.Equal(Echo.Expected("paused", i), echo.Describe("paused", i));
            return one.Elapsed;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        foreach (TimeSpan elapsed in await Task.WhenAll(calls))
        {
            slowest = elapsed > slowest ? elapsed : slowest;
        }

        output.WriteLine($"8 sync calls while Redis slept 3 s: slowest {slowest.TotalMilliseconds:F0} ms, all {total.Elapsed.TotalMilliseconds:F0} ms (operation timeout {OperationTimeout.TotalMilliseconds:F0} ms)");
        Assert.True(slowest < OperationTimeout + TimeSpan.FromSeconds(1), $"a call took {slowest} while Redis slept; the operation timeout is {OperationTimeout}");
    }

    [RedisFact]
    public async Task A_paused_redis_bounds_every_async_call_by_the_operation_timeout_and_calls_compute()
    {
        _server = RedisServer.Start("--enable-debug-command", "yes");
        using RedisCacheStore store = NewStore(_server, "slow-async:");
        using CacheManager manager = Manager(store);
        var echo = new Echo(manager);
        await echo.DescribeAsync("warm", 0);
        await using IAsyncDisposable pause = await _server.PauseAsync(seconds: 3);

        // Asynchronous callers are bounded by the store's own timer, not by the client's blocking timeout.
        var total = Stopwatch.StartNew();
        string[] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => echo.DescribeAsync("paused", i)));
        total.Stop();

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(Echo.Expected("paused", i), results[i]);
        }

        output.WriteLine($"8 async calls while Redis slept 3 s: all done in {total.Elapsed.TotalMilliseconds:F0} ms (operation timeout {OperationTimeout.TotalMilliseconds:F0} ms)");
        Assert.True(total.Elapsed < OperationTimeout + TimeSpan.FromSeconds(1), $"async calls took {total.Elapsed} while Redis slept; the operation timeout is {OperationTimeout}");
    }

    [RedisFact]
    public async Task Sync_calls_on_thread_pool_threads_while_redis_is_paused_do_not_starve_the_pool()
    {
        _server = RedisServer.Start("--enable-debug-command", "yes");
        using RedisCacheStore store = NewStore(_server, "starve:");
        using CacheManager manager = Manager(store);
        var echo = new Echo(manager);
        echo.Describe("warm", 0);
        await using IAsyncDisposable pause = await _server.PauseAsync(seconds: 3);

        // Blocking sync callers on pool threads, more than the pool has: each call's timeout must still fire.
        var total = Stopwatch.StartNew();
        Task<string>[] calls = Enumerable.Range(0, 16 * Environment.ProcessorCount).Select(i => Task.Run(() => echo.Describe("pool", i))).ToArray();
        string[] results = await Task.WhenAll(calls);
        total.Stop();

        for (int i = 0; i < results.Length; i++)
        {
            Assert.Equal(Echo.Expected("pool", i), results[i]);
        }

        output.WriteLine($"{calls.Length} sync calls on pool threads while Redis slept 3 s: all done in {total.Elapsed.TotalMilliseconds:F0} ms (operation timeout {OperationTimeout.TotalMilliseconds:F0} ms)");
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(3), $"{calls.Length} pool-thread calls took {total.Elapsed} while Redis slept: the pool starved");
    }

    [RedisFact]
    public async Task Two_applications_sharing_one_redis_never_see_or_flush_each_others_keys()
    {
        _server = RedisServer.Start();
        using RedisCacheStore storeA = NewStore(_server, "app-a:");
        using RedisCacheStore storeB = NewStore(_server, "app-b:");
        using CacheManager a = Manager(storeA);
        using CacheManager b = Manager(storeB);
        var echoA = new Echo(a);
        var echoB = new Echo(b);

        a.Cache(Echo.StoreName).Put("shared-name", "from A");
        b.Cache(Echo.StoreName).Put("shared-name", "from B");
        echoA.Describe("x", 1);
        echoB.Describe("x", 1);
        Assert.Equal(1, echoB.Calls); // B computed its own entry: it did not read A's

        await a.Cache(Echo.StoreName).FlushAsync();

        Assert.False(a.Cache(Echo.StoreName).Has("shared-name"));
        Assert.Equal("from B", b.Cache(Echo.StoreName).Get<string>("shared-name"));
        echoB.Describe("x", 1);
        Assert.Equal(1, echoB.Calls); // B's memoized entry survived A's flush
        echoA.Describe("x", 1);
        Assert.Equal(2, echoA.Calls);
    }

    private static RedisCacheStore NewStore(RedisServer server, string keyNamespace) => new(new RedisCacheStoreOptions
    {
        Configuration = server.Endpoint,
        KeyNamespace = keyNamespace,
        OperationTimeout = OperationTimeout,
        ConnectTimeout = TimeSpan.FromSeconds(1),
        BreakDuration = TimeSpan.FromMilliseconds(250),
    });

    private static CacheManager Manager(RedisCacheStore store)
    {
        var manager = new CacheManager();
        manager.AddStore(Echo.StoreName, store);
        return manager;
    }

    public void Dispose() => _server?.Dispose();
}
