using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.Testing;

namespace Memoize.Redis.Tests.Layered;

/// <summary>
/// Memoized methods on the layered store keep their values live in its memory level: a warm call is answered there
/// without Redis and without allocating, and every way a value can change (another process's put or forget, a local
/// forget, flush or tag flush, the memory level's own lifetime) is seen by the next call. The string API and memoized
/// methods see the same value under the same key, and fail-safe and eager refresh work on hits of the memory level.
/// </summary>
[Collection(SingleRedisCollection.Name)]
public sealed class LayeredMemoizedHitTests(SingleRedisFixture redis) : IDisposable
{
    private static readonly TimeSpan s_noticeBudget = TimeSpan.FromSeconds(10);

    private readonly string _namespace = "memoize-l1:" + Guid.NewGuid().ToString("N")[..12] + ":";
    private readonly PartitionProxy _proxy = PartitionProxy.Start(redis.Server.Port);
    private readonly List<IDisposable> _owned = [];

    [RedisFact]
    public async Task A_warm_call_is_answered_from_memory_without_redis()
    {
        (NameCatalog catalog, LayeredCacheStore layered, RedisCacheStore remote) = await ProcessAsync(throughProxy: true);
        catalog.Source[1] = "Ada";
        Assert.Equal("Ada", catalog.Name(1));
        Assert.Equal("Ada", await catalog.NameAsync(1));
        Assert.Equal(3, await catalog.LengthAsync(1));
        long redisHits = remote.Hits;
        long localByteHits = layered.LocalHits;

        _proxy.Cut();
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal("Ada", catalog.Name(1));
            Assert.Equal("Ada", await catalog.NameAsync(1));
            Assert.Equal(3, await catalog.LengthAsync(1));
        }

        Assert.Equal(3, catalog.Computations);
        Assert.Equal(redisHits, remote.Hits);
        Assert.Equal(localByteHits, layered.LocalHits);
    }

    [RedisFact]
    public async Task A_value_read_from_redis_is_then_served_from_memory()
    {
        (NameCatalog writer, _, _) = await ProcessAsync();
        (NameCatalog reader, LayeredCacheStore layered, RedisCacheStore remote) = await ProcessAsync(source: writer.Source);
        writer.Source[1] = "Ada";
        Assert.Equal("Ada", writer.Name(1));

        // The writer's change notice reaches the reader after it wrote; a read it overlaps is not kept, as it may be outdated.
        await WaitUntilAsync(() => layered.InvalidationsReceived == 1, "the reader received the writer's change notice");

        Assert.Equal("Ada", reader.Name(1));
        long redisHits = remote.Hits;
        long localByteHits = layered.LocalHits;
        Assert.Equal("Ada", reader.Name(1));
        Assert.Equal("Ada", reader.Name(1));

        Assert.Equal(0, reader.Computations);
        Assert.Equal(redisHits, remote.Hits);
        Assert.Equal(localByteHits, layered.LocalHits);
    }

    [RedisFact]
    public async Task Another_processs_put_and_forget_reach_the_next_call()
    {
        (NameCatalog a, _, _) = await ProcessAsync();
        (NameCatalog b, _, _) = await ProcessAsync(source: a.Source);
        a.Source[1] = "old";
        Assert.Equal("old", b.Name(1));
        Assert.Equal("old", b.Name(1));

        await Cache(a).PutAsync("name:1", "put by A");
        await WaitUntilAsync(() => b.Name(1) == "put by A", "B saw A's put");
        Assert.Equal(1, b.Computations);

        a.Source[1] = "new";
        Assert.True(a.ForgetName(1));
        await WaitUntilAsync(() => b.Name(1) == "new", "B saw A's forget");
        Assert.Equal(2, b.Computations);
    }

    [RedisFact]
    public async Task A_local_forget_flush_or_tag_flush_makes_the_next_call_compute_again()
    {
        (NameCatalog catalog, LayeredCacheStore layered, _) = await ProcessAsync();
        ICache cache = Cache(catalog);
        catalog.Source[1] = "v1";
        Assert.Equal("v1", catalog.Name(1));

        catalog.Source[1] = "v2";
        Assert.True(catalog.ForgetName(1));
        Assert.Equal("v2", catalog.Name(1));

        catalog.Source[1] = "v3";
        await cache.FlushAsync();
        Assert.Equal("v3", catalog.Name(1));

        await cache.Tags("people").PutAsync("name:1", "tagged");
        Assert.Equal("tagged", catalog.Name(1));
        Assert.Equal("tagged", catalog.Name(1));
        await cache.Tags("people").FlushAsync();
        Assert.Equal("v3", catalog.Name(1));
        Assert.Equal(4, catalog.Computations);
    }

    [RedisFact]
    public async Task The_memory_level_keeps_a_value_no_longer_than_its_local_duration()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (NameCatalog catalog, _, RedisCacheStore remote) = await ProcessAsync(clock, new LayeredCacheStoreOptions { LocalDuration = TimeSpan.FromMinutes(1) });
        catalog.Source[1] = "v1";
        Assert.Equal("v1", catalog.Name(1));

        // A write straight to Redis, with no change notice: only the memory level's lifetime brings it to this process.
        var direct = new CacheManager(new CacheManagerOptions { TimeProvider = clock }).AddStore(NameCatalog.Store, remote);
        await direct.Cache(NameCatalog.Store).PutAsync("name:1", "v2");
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("v1", catalog.Name(1));

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("v2", catalog.Name(1));
        Assert.Equal(1, catalog.Computations);
    }

    [RedisFact]
    public async Task The_string_api_and_a_memoized_method_see_the_same_value_under_the_same_key()
    {
        (NameCatalog catalog, LayeredCacheStore layered, _) = await ProcessAsync();
        ICache cache = Cache(catalog);
        catalog.Source[1] = "computed";
        Assert.Equal("computed", catalog.Name(1));
        Assert.Equal("computed", (await cache.TryGetAsync<string>("name:1")).Value);

        await cache.PutAsync("name:1", "put");
        Assert.Equal("put", catalog.Name(1));
        Assert.Equal("put", (await cache.TryGetAsync<string>("name:1")).Value);
        Assert.Equal("put", catalog.Name(1));

        // A method returning bytes keeps them live too; the string API still reads them as a value, not as a payload.
        Assert.Equal("computed", Encoding.UTF8.GetString(catalog.Bytes(1)));
        Assert.Equal("computed", Encoding.UTF8.GetString((await cache.TryGetAsync<byte[]>("bytes:1")).Value));
        Assert.Equal(2, catalog.Computations);
    }

    [RedisFact]
    public async Task A_result_excluded_by_unless_is_computed_on_every_call()
    {
        (NameCatalog catalog, _, _) = await ProcessAsync();
        catalog.Source[5] = "";
        Assert.Equal("", catalog.Name(5));
        Assert.Equal("", catalog.Name(5));
        Assert.Equal(2, catalog.Computations);
    }

    [RedisFact]
    public async Task Fail_safe_serves_the_last_good_value_kept_in_memory()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (NameCatalog catalog, _, _) = await ProcessAsync(clock);
        catalog.Source[1] = "good";
        Assert.Equal("good", catalog.FailSafe(1));

        catalog.Failing = true;
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("good", catalog.FailSafe(1));
        Assert.Equal(2, catalog.Computations);

        // Within the throttle window the fallback is served as a hit: the source is not asked again.
        Assert.Equal("good", catalog.FailSafe(1));
        Assert.Equal(2, catalog.Computations);
    }

    [RedisFact]
    public async Task A_hit_past_the_refresh_moment_returns_the_current_value_and_refreshes_it_in_the_background()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        (NameCatalog catalog, _, _) = await ProcessAsync(clock);
        catalog.Source[1] = "v1";
        Assert.Equal("v1", catalog.Eager(1));
        Assert.Equal("v1", catalog.Eager(1));

        catalog.Source[1] = "v2";
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal("v1", catalog.Eager(1));
        await WaitUntilAsync(() => catalog.Eager(1) == "v2", "the background refresh stored v2");
        Assert.Equal(2, catalog.Computations);
    }

    [RedisFact]
    public async Task A_size_limited_memory_level_keeps_the_most_recently_used_values_and_reads_the_others_from_redis()
    {
        (NameCatalog catalog, _, RedisCacheStore remote) = await ProcessAsync(options: new LayeredCacheStoreOptions { LocalSizeLimit = 1 });
        catalog.Source[1] = "one";
        catalog.Source[2] = "two";
        Assert.Equal("one", catalog.Name(1));
        Assert.Equal("two", catalog.Name(2));
        long redisHits = remote.Hits;
        Assert.Equal("two", catalog.Name(2));
        Assert.Equal(redisHits, remote.Hits);

        Assert.Equal("one", catalog.Name(1));
        Assert.Equal(redisHits + 1, remote.Hits);
        Assert.Equal("one", catalog.Name(1));
        Assert.Equal(redisHits + 1, remote.Hits);
        Assert.Equal(2, catalog.Computations);
    }

    [RedisFact]
    public async Task Warm_hits_allocate_nothing()
    {
        (NameCatalog catalog, _, _) = await ProcessAsync();
        catalog.Source[0] = "zero";
        catalog.Source[1] = "one";
        for (int i = 0; i < 2; i++)
        {
            // A caller awaits its miss; only then is the value kept in memory for the hits measured below.
            _ = catalog.Name(i);
            _ = await catalog.NameAsync(i);
            _ = await catalog.LengthAsync(i);
        }

        AssertNoAllocation(catalog, static (c, i) => c.Name(i).Length);
        AssertNoAllocation(catalog, static (c, i) => c.NameAsync(i) is { IsCompletedSuccessfully: true } done ? done.Result.Length : -1);
        AssertNoAllocation(catalog, static (c, i) => c.LengthAsync(i) is { IsCompletedSuccessfully: true } done ? done.Result : -1);
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _proxy.Dispose();
    }

    private static void AssertNoAllocation(NameCatalog catalog, Func<NameCatalog, int, int> call)
        => Assert.Equal(HitAllocation.Calls / 2 * ("zero".Length + "one".Length), HitAllocation.AssertNone(i => call(catalog, i), keys: 2));

    private static ICache Cache(NameCatalog catalog) => catalog.Cache();

    private async Task<(NameCatalog Catalog, LayeredCacheStore Layered, RedisCacheStore Remote)> ProcessAsync(
        TimeProvider? clock = null, LayeredCacheStoreOptions? options = null, bool throughProxy = false, ConcurrentDictionary<int, string>? source = null)
    {
        clock ??= TimeProvider.System;
        RedisCacheStore remote = Own(new RedisCacheStore(new RedisCacheStoreOptions
        {
            Configuration = throughProxy ? _proxy.Endpoint : redis.Configuration,
            KeyNamespace = _namespace,
            TimeProvider = clock,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            OperationTimeout = TimeSpan.FromSeconds(3),
        }));
        LayeredCacheStore layered = Own(new LayeredCacheStore(remote, options));
        CacheManager manager = Own(new CacheManager(new CacheManagerOptions { TimeProvider = clock }).AddStore(NameCatalog.Store, layered));
        var waited = Stopwatch.StartNew();
        while (!layered.IsListening)
        {
            await layered.GetAsync("warm-up");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the layered store did not start listening within 20 s");
            await Task.Delay(10);
        }

        return (new NameCatalog(manager, source), layered, remote);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < s_noticeBudget, $"Not within {s_noticeBudget.TotalSeconds} s: {what}.");
            await Task.Delay(20);
        }
    }
}
