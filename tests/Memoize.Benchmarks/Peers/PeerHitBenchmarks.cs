using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Memoize.Benchmarks.Subjects;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace Memoize.Benchmarks.Peers;

/// <summary>
/// A memory hit of <c>int Compute(int id, string name)</c> on Memoize, FusionCache and HybridCache in one run.
/// The peers are called the way their documentation shows: FusionCache's <c>GetOrSet</c> (2.9.0 has no state
/// overload, so the factory captures the arguments) and HybridCache's <c>GetOrCreateAsync</c> with the arguments
/// as state and a static factory. Both build the string key a caller of a string-keyed cache builds.
/// </summary>
[MemoryDiagnoser]
public class PeerHitBenchmarks
{
    private MemoryCache _fusionMemory = null!;
    private FusionCache _fusion = null!;
    private MemoryCache _hybridMemory = null!;
    private ServiceProvider _hybridServices = null!;
    private HybridCache _hybrid = null!;
    private CacheManager _manager = null!;
    private PeerCompute _memoized = null!;

    // Fields rather than constants, so the JIT cannot fold a key.
    private int _id = 42;
    private string _name = "alice";

    [GlobalSetup]
    public void Setup()
    {
        _id = 42;
        _name = "alice";
        _fusionMemory = new MemoryCache(new MemoryCacheOptions());
        _fusion = PeerSetup.FusionCacheInMemory(_fusionMemory);
        _hybridMemory = new MemoryCache(new MemoryCacheOptions());
        (_hybridServices, _hybrid) = PeerSetup.HybridCache(_hybridMemory);
        _manager = new CacheManager();
        _memoized = new PeerCompute(_manager);

        int expected = Workload.Compute(_id, _name);
        if (MemoizeSync() != expected || MemoizeValueTask() != expected || FusionCacheSync() != expected
            || FusionCacheAsync() != expected || HybridCacheAsync() != expected || _memoized.Computations != 2)
        {
            throw new InvalidOperationException("Every contender must return the computed value, and Memoize's methods compute once each.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fusion.Dispose();
        _fusionMemory.Dispose();
        _hybridServices.Dispose();
        _hybridMemory.Dispose();
        _manager.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Memoize [Cached] int")]
    public int MemoizeSync() => _memoized.Compute(_id, _name);

    [Benchmark(Description = "Memoize [Cached] ValueTask<int>")]
    public int MemoizeValueTask() => _memoized.ComputeValueTaskAsync(_id, _name).Result;

    [Benchmark(Description = "FusionCache GetOrSet")]
    public int FusionCacheSync()
    {
        int id = _id;
        string name = _name;
        return _fusion.GetOrSet<int>(PeerSetup.ComputeKey(id, name), (_, _) => Workload.Compute(id, name));
    }

    [Benchmark(Description = "FusionCache GetOrSetAsync")]
    public int FusionCacheAsync()
    {
        int id = _id;
        string name = _name;
        return _fusion.GetOrSetAsync<int>(PeerSetup.ComputeKey(id, name), (_, _) => Task.FromResult(Workload.Compute(id, name))).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "HybridCache GetOrCreateAsync (state)")]
    public int HybridCacheAsync()
        => _hybrid.GetOrCreateAsync(PeerSetup.ComputeKey(_id, _name), (_id, _name), static (args, _) => new ValueTask<int>(Workload.Compute(args._id, args._name))).GetAwaiter().GetResult();
}
