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
/// A memory miss: each operation removes the entry, then calls, so the call computes and stores (30 minutes).
/// The baseline is the least a developer writes by hand: <see cref="IMemoryCache"/> <c>Remove</c> and one
/// <c>GetOrCreate</c>. Memoize forgets through an <c>[InvalidatesCache]</c> method, as an application does; the
/// peers call their own <c>Remove</c>/<c>RemoveAsync</c>.
/// </summary>
[MemoryDiagnoser]
public class PeerMissBenchmarks
{
    private MemoryCache _handWritten = null!;
    private HandWrittenMemoryCache _handWrittenCode = null!;
    private MemoryCache _fusionMemory = null!;
    private FusionCache _fusion = null!;
    private MemoryCache _hybridMemory = null!;
    private ServiceProvider _hybridServices = null!;
    private HybridCache _hybrid = null!;
    private CacheManager _manager = null!;
    private PeerCompute _memoized = null!;
    private int _id = 42;
    private string _name = "alice";

    [GlobalSetup]
    public void Setup()
    {
        _id = 42;
        _name = "alice";
        _handWritten = new MemoryCache(new MemoryCacheOptions());
        _handWrittenCode = new HandWrittenMemoryCache(_handWritten);
        _fusionMemory = new MemoryCache(new MemoryCacheOptions());
        _fusion = PeerSetup.FusionCacheInMemory(_fusionMemory);
        _hybridMemory = new MemoryCache(new MemoryCacheOptions());
        (_hybridServices, _hybrid) = PeerSetup.HybridCache(_hybridMemory);
        _manager = new CacheManager();
        _memoized = new PeerCompute(_manager);

        int expected = Workload.Compute(_id, _name);
        if (HandWritten() != expected || MemoizeSync() != expected || MemoizeValueTask() != expected || FusionCacheSync() != expected
            || FusionCacheAsync() != expected || HybridCacheAsync() != expected || MemoizeSync() != expected || _memoized.Computations != 3)
        {
            throw new InvalidOperationException("Every contender must return the computed value, and each Memoize call after a forget must compute.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fusion.Dispose();
        _fusionMemory.Dispose();
        _hybridServices.Dispose();
        _hybridMemory.Dispose();
        _handWritten.Dispose();
        _manager.Dispose();
    }

    [Benchmark(Baseline = true, Description = "IMemoryCache Remove + GetOrCreate (hand-written)")]
    public int HandWritten()
    {
        string key = PeerSetup.ComputeKey(_id, _name);
        _handWritten.Remove(key);
        return _handWrittenCode.GetOrCreateStringKey(key, _id, _name);
    }

    [Benchmark(Description = "Memoize [Cached] int: forget + call")]
    public int MemoizeSync()
    {
        _memoized.ForgetCompute(_id, _name);
        return _memoized.Compute(_id, _name);
    }

    [Benchmark(Description = "Memoize [Cached] ValueTask<int>: forget + call")]
    public int MemoizeValueTask()
    {
        _memoized.ForgetComputeValueTask(_id, _name);
        return _memoized.ComputeValueTaskAsync(_id, _name).Result;
    }

    [Benchmark(Description = "FusionCache Remove + GetOrSet")]
    public int FusionCacheSync()
    {
        int id = _id;
        string name = _name;
        string key = PeerSetup.ComputeKey(id, name);
        _fusion.Remove(key);
        return _fusion.GetOrSet<int>(key, (_, _) => Workload.Compute(id, name));
    }

    [Benchmark(Description = "FusionCache RemoveAsync + GetOrSetAsync")]
    public int FusionCacheAsync() => FusionCacheAsyncCore().GetAwaiter().GetResult();

    [Benchmark(Description = "HybridCache RemoveAsync + GetOrCreateAsync (state)")]
    public int HybridCacheAsync() => HybridCacheAsyncCore().GetAwaiter().GetResult();

    private async ValueTask<int> FusionCacheAsyncCore()
    {
        int id = _id;
        string name = _name;
        string key = PeerSetup.ComputeKey(id, name);
        await _fusion.RemoveAsync(key).ConfigureAwait(false);
        return await _fusion.GetOrSetAsync<int>(key, (_, _) => Task.FromResult(Workload.Compute(id, name))).ConfigureAwait(false);
    }

    private async ValueTask<int> HybridCacheAsyncCore()
    {
        string key = PeerSetup.ComputeKey(_id, _name);
        await _hybrid.RemoveAsync(key).ConfigureAwait(false);
        return await _hybrid.GetOrCreateAsync(key, (_id, _name), static (args, _) => new ValueTask<int>(Workload.Compute(args._id, args._name))).ConfigureAwait(false);
    }
}
