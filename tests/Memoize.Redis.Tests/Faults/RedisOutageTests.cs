using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Memoize.Redis.Tests.Faults;

/// <summary>Each test owns its redis-server, because each one kills or delays it.</summary>
public sealed class RedisOutageTests : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private readonly CapturingLogger _logger = new();
    private RedisServer? _server;
    private RedisCacheStore? _store;
    private CacheManager? _manager;

    [RedisFact]
    public async Task Killing_redis_mid_run_never_fails_a_memoized_call_and_hits_resume_after_restart()
    {
        _server = RedisServer.Start();
        SquareService service = NewService(_server.Endpoint);
        await WaitUntilConnectedAsync();
        long outagesBefore = _store!.Outages;
        int warningsBefore = _logger.Count(LogLevel.Warning);
        int recoveriesBefore = _logger.Count(LogLevel.Information);

        await CallAllAsync(service, 100);
        long hitsBeforeOutage = _store!.Hits;
        Assert.True(hitsBeforeOutage >= 80, $"only {hitsBeforeOutage} hits before the outage; failures {_store.Failures}; log: {_logger}");

        _server.Kill();
        var outage = Stopwatch.StartNew();
        await CallAllAsync(service, 200);
        outage.Stop();

        Assert.True(_manager!.StoreFailures > 0);
        Assert.True(_store.Outages == outagesBefore + 1 && _logger.Count(LogLevel.Warning) == warningsBefore + 1, $"one outage, logged once, expected; log: {_logger}");
        Assert.True(outage.Elapsed < TimeSpan.FromSeconds(5), $"200 calls during the outage took {outage.Elapsed}: the breaker should spare the timeouts");

        _server.Restart();
        long hitsAfterRestart = await CallUntilHitsResumeAsync(service, hitsBeforeOutage);

        Assert.True(hitsAfterRestart > hitsBeforeOutage);
        Assert.False(_store.IsUnavailable);
        Assert.True(_logger.Count(LogLevel.Information) == recoveriesBefore + 1, $"one recovery expected; log: {_logger}");
        int computations = service.Computations;
        await CallAllAsync(service, 20);
        Assert.Equal(computations, service.Computations);
    }

    [RedisFact]
    public async Task Redis_down_at_start_up_memoized_calls_compute_and_the_store_connects_once_redis_is_there()
    {
        _server = RedisServer.Reserve();
        SquareService service = NewService(_server.Endpoint);

        var down = Stopwatch.StartNew();
        await CallAllAsync(service, 100);
        down.Stop();

        Assert.Equal(0, _store!.Hits);
        Assert.True(_store.Outages == 1 && _logger.Count(LogLevel.Warning) == 1, $"one outage, logged once, expected; log: {_logger}");
        Assert.True(down.Elapsed < ConnectTimeout + TimeSpan.FromSeconds(3), $"100 calls with Redis down took {down.Elapsed}: only the first should wait for the connect timeout");

        _server.Restart();
        Assert.True(await CallUntilHitsResumeAsync(service, 0) > 0);
    }

    [RedisFact]
    public async Task The_direct_api_throws_when_redis_is_unavailable_and_fails_fast_while_the_breaker_is_open()
    {
        _server = RedisServer.Start();
        NewService(_server.Endpoint);
        await WaitUntilConnectedAsync();
        ICache cache = _manager!.Cache("redis");
        cache.Put("direct", 1);
        _server.Kill();

        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => cache.TryGetAsync<int>("direct").AsTask());
        var refused = Stopwatch.StartNew();
        Assert.Throws<RedisStoreUnavailableException>(() => cache.Put("direct", 2));
        Assert.Throws<RedisStoreUnavailableException>(() => cache.Forget("direct"));
        refused.Stop();
        Assert.True(refused.Elapsed < TimeSpan.FromMilliseconds(200), $"calls refused by the open breaker took {refused.Elapsed}");

        // Remember is not a direct read: it computes.
        Assert.Equal(3, cache.Remember("direct", null, () => 3));
    }

    public void Dispose()
    {
        _manager?.Dispose();
        _store?.Dispose();
        _server?.Dispose();
    }

    private SquareService NewService(string endpoint)
    {
        _store = new RedisCacheStore(new RedisCacheStoreOptions
        {
            Configuration = endpoint,
            KeyNamespace = "memoize-faults:",
            ConnectTimeout = ConnectTimeout,
            // Generous: on a loaded machine a first command can take a while; an outage fails fast on the closed connection.
            OperationTimeout = TimeSpan.FromSeconds(3),
            BreakDuration = TimeSpan.FromMilliseconds(300),
            Logger = _logger,
        });
        _manager = new CacheManager();
        _manager.AddStore("redis", _store);
        return new SquareService(_manager);
    }

    /// <summary>Busy test machines can be slow to make the first connection; the tests are about what follows.</summary>
    private async Task WaitUntilConnectedAsync()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await _store!.SetAsync("warm-up", new byte[] { 49 }, null);
                return;
            }
            catch (RedisStoreUnavailableException) when (waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task CallAllAsync(SquareService service, int calls)
    {
        for (int i = 0; i < calls; i++)
        {
            int x = i % 10;
            Assert.Equal(x * x, service.Square(x));
            Assert.Equal((long)x * x * x, await service.CubeAsync(x));
        }
    }

    /// <summary>Keeps calling (every result checked) until Redis serves hits again; returns the hit count then.</summary>
    private async Task<long> CallUntilHitsResumeAsync(SquareService service, long hitsBefore)
    {
        var waited = Stopwatch.StartNew();
        long hitsAtRestart = _store!.Hits;
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await CallAllAsync(service, 10);
            if (_store.Hits > Math.Max(hitsBefore, hitsAtRestart) + 10)
            {
                return _store.Hits;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"No hits from Redis within 20 s of its restart (hits {_store.Hits}, failures {_store.Failures}).");
    }
}
