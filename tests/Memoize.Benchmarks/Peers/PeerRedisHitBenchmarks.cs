using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Memoize.Benchmarks.Redis;
using Memoize.Redis;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;

namespace Memoize.Benchmarks.Peers;

/// <summary>
/// A hit with Redis as the second level, on a redis-server this process starts: Memoize's layered store,
/// FusionCache with Microsoft's Redis distributed cache and its Redis backplane, and HybridCache with
/// <c>AddStackExchangeRedisCache</c>. All three share one connection (one socket, so no contender gets a faster
/// round trip than another) and cache the same <see cref="PeerProduct"/> for 30 minutes.
/// "L1 warm": every read is answered by the memory level (Memoize's memoized methods keep their values there live,
/// so a warm call deserializes nothing). "L1 cold": each operation first removes the entry from the contender's
/// memory level (a removal by the key it is held under, for all three), so the call reads Redis, deserializes and
/// keeps the value in memory again.
/// </summary>
/// <remarks>Needs redis-server on the PATH.</remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PeerRedisHitBenchmarks
{
    /// <summary>The name of Memoize's layered store in the manager.</summary>
    public const string LayeredStore = "layered";

    private const int ProductId = 42;

    private LocalRedisServer _server = null!;
    private ConnectionMultiplexer _redis = null!;
    private CacheManager _manager = null!;
    private LayeredCacheStore _layered = null!;
    private RedisCacheStore _remote = null!;
    private Func<string, bool> _removeFromLayeredMemory = null!;
    private LayeredProductCatalog _catalog = null!;
    private string _memoizeSyncKey = null!;
    private string _memoizeAsyncKey = null!;
    private MemoryCache _fusionMemory = null!;
    private FusionCache _fusion = null!;
    private MemoryCache _hybridMemory = null!;
    private ServiceProvider _hybridServices = null!;
    private HybridCache _hybrid = null!;
    private string _peerKey = null!;
    private int _id = ProductId;

    [GlobalSetup]
    public void Setup()
    {
        _id = ProductId;
        _peerKey = PeerSetup.ProductKey(_id);
        _server = new LocalRedisServer();
        _redis = ConnectionMultiplexer.Connect(_server.Endpoint);

        _manager = new CacheManager();
        var remote = new RedisCacheStore(_redis);
        _remote = remote;
        _layered = new LayeredCacheStore(remote);
        _manager.AddStore(LayeredStore, _layered);
        _catalog = new LayeredProductCatalog(_manager);
        WaitUntil(() => _layered.IsListening, "Memoize's layered store did not subscribe to its invalidation channel.");

        // The memory level, as memoized methods reach it; the cold rows empty it between reads.
        _removeFromLayeredMemory = ((Memoize.Stores.IFirstLevelCacheStore)_layered).FirstLevel.Remove;
        _ = _catalog.GetProduct(_id);
        _memoizeSyncKey = OnlyNewKey(remote, []);
        _ = _catalog.GetProductAsync(_id).GetAwaiter().GetResult();
        _memoizeAsyncKey = OnlyNewKey(remote, [_memoizeSyncKey]);

        _fusionMemory = new MemoryCache(new MemoryCacheOptions());
        _fusion = PeerSetup.FusionCacheOnRedis(_fusionMemory, _redis);
        _hybridMemory = new MemoryCache(new MemoryCacheOptions());
        (_hybridServices, _hybrid) = PeerSetup.HybridCache(_hybridMemory, _redis);
        _ = FusionCacheWarm();
        _ = HybridCacheWarmAsync().AsTask().GetAwaiter().GetResult();

        CheckEveryContender();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fusion.Dispose();
        _fusionMemory.Dispose();
        _hybridServices.Dispose();
        _hybridMemory.Dispose();
        _layered.Dispose();
        _manager.Dispose();
        _redis.Dispose();
        _server.Dispose();
    }

    [Benchmark(Description = "Memoize [Cached] on the layered store")]
    [BenchmarkCategory("L1 warm")]
    public PeerProduct MemoizeWarm() => _catalog.GetProduct(_id);

    [Benchmark(Baseline = true, Description = "Memoize [Cached] Task on the layered store")]
    [BenchmarkCategory("L1 warm")]
    public Task<PeerProduct> MemoizeWarmAsync() => _catalog.GetProductAsync(_id);

    [Benchmark(Description = "FusionCache GetOrSet")]
    [BenchmarkCategory("L1 warm")]
    public PeerProduct FusionCacheWarm()
    {
        int id = _id;
        return _fusion.GetOrSet<PeerProduct>(PeerSetup.ProductKey(id), (_, _) => PeerProduct.Load(id));
    }

    [Benchmark(Description = "FusionCache GetOrSetAsync")]
    [BenchmarkCategory("L1 warm")]
    public ValueTask<PeerProduct> FusionCacheWarmAsync()
    {
        int id = _id;
        return _fusion.GetOrSetAsync<PeerProduct>(PeerSetup.ProductKey(id), (_, _) => Task.FromResult(PeerProduct.Load(id)));
    }

    [Benchmark(Description = "HybridCache GetOrCreateAsync (state)")]
    [BenchmarkCategory("L1 warm")]
    public ValueTask<PeerProduct> HybridCacheWarmAsync()
        => _hybrid.GetOrCreateAsync(PeerSetup.ProductKey(_id), _id, static (id, _) => new ValueTask<PeerProduct>(PeerProduct.Load(id)));

    [Benchmark(Description = "Memoize [Cached] on the layered store")]
    [BenchmarkCategory("L1 cold")]
    public PeerProduct MemoizeCold()
    {
        _removeFromLayeredMemory(_memoizeSyncKey);
        return MemoizeWarm();
    }

    [Benchmark(Baseline = true, Description = "Memoize [Cached] Task on the layered store")]
    [BenchmarkCategory("L1 cold")]
    public Task<PeerProduct> MemoizeColdAsync()
    {
        _removeFromLayeredMemory(_memoizeAsyncKey);
        return MemoizeWarmAsync();
    }

    [Benchmark(Description = "FusionCache GetOrSet")]
    [BenchmarkCategory("L1 cold")]
    public PeerProduct FusionCacheCold()
    {
        _fusionMemory.Remove(_peerKey);
        return FusionCacheWarm();
    }

    [Benchmark(Description = "FusionCache GetOrSetAsync")]
    [BenchmarkCategory("L1 cold")]
    public ValueTask<PeerProduct> FusionCacheColdAsync()
    {
        _fusionMemory.Remove(_peerKey);
        return FusionCacheWarmAsync();
    }

    [Benchmark(Description = "HybridCache GetOrCreateAsync (state)")]
    [BenchmarkCategory("L1 cold")]
    public ValueTask<PeerProduct> HybridCacheColdAsync()
    {
        _hybridMemory.Remove(_peerKey);
        return HybridCacheWarmAsync();
    }

    /// <summary>
    /// Proves the set-up measures what the rows claim: every contender returns the product, a warm read is answered
    /// from memory, a cold read really finds its entry in the memory level to remove (so it then reads Redis), and
    /// nothing computes again after the first call.
    /// </summary>
    private void CheckEveryContender()
    {
        PeerProduct expected = PeerProduct.Load(_id);
        bool Same(PeerProduct product) => product.Id == expected.Id && product.Name == expected.Name && product.Price == expected.Price && product.Tags.AsSpan().SequenceEqual(expected.Tags);

        // A warm call is a hit of the memory level's live value: neither Redis nor the memory level's bytes are read.
        long localHits = _layered.LocalHits;
        long redisHits = _remote.Hits;
        if (!Same(MemoizeWarm()) || !Same(MemoizeWarmAsync().GetAwaiter().GetResult()) || _layered.LocalHits != localHits || _remote.Hits != redisHits)
        {
            throw new InvalidOperationException("Memoize's warm reads must be answered by the layered store's memory level.");
        }

        if (!_removeFromLayeredMemory(_memoizeSyncKey) || !_removeFromLayeredMemory(_memoizeAsyncKey) || !_fusionMemory.TryGetValue(_peerKey, out _) || !_hybridMemory.TryGetValue(_peerKey, out _))
        {
            throw new InvalidOperationException("Each contender's memory level must hold the entry under the key the cold rows remove.");
        }

        if (!Same(MemoizeCold()) || !Same(MemoizeColdAsync().GetAwaiter().GetResult()) || _remote.Hits != redisHits + 2
            || !Same(FusionCacheCold()) || !Same(FusionCacheColdAsync().AsTask().GetAwaiter().GetResult()) || !Same(HybridCacheColdAsync().AsTask().GetAwaiter().GetResult())
            || !Same(FusionCacheWarm()) || !Same(HybridCacheWarmAsync().AsTask().GetAwaiter().GetResult()) || _catalog.Computations != 2)
        {
            throw new InvalidOperationException("Every contender must read the product back from Redis after its memory level was emptied, without computing again.");
        }
    }

    private static string OnlyNewKey(RedisCacheStore remote, IReadOnlyCollection<string> known)
    {
        var added = new List<string>();
        var entries = remote.EnumerateAsync().GetAsyncEnumerator();
        try
        {
            while (entries.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                if (!((ICollection<string>)known).Contains(entries.Current.Key))
                {
                    added.Add(entries.Current.Key);
                }
            }
        }
        finally
        {
            entries.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return added.Count == 1 ? added[0] : throw new InvalidOperationException($"Expected one new entry in Redis, found {added.Count}.");
    }

    private static void WaitUntil(Func<bool> condition, string failure)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException(failure);
            }

            Thread.Sleep(10);
        }
    }
}
