using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Castle.DynamicProxy;
using Memoize.Benchmarks.Subjects;
using Microsoft.Extensions.Caching.Memory;

namespace Memoize.Benchmarks.Hits;

/// <summary>
/// <c>int Compute(int id, string name)</c>, every call a hit: the baselines and Memoize's generated methods in
/// one run, so the ratios hold whatever the machine's load.
/// </summary>
[MemoryDiagnoser]
public class HitBenchmarks
{
    private readonly ConcurrentDictionary<(int, string), int> _dictionary = new();
    private MemoryCache _memoryCache = null!;
    private HandWrittenMemoryCache _handWritten = null!;
    private ICompute _proxy = null!;
    private CacheManager _manager = null!;
    private MemoizedCompute _memoized = null!;

    // Fields rather than constants, so the JIT cannot fold a key.
    private int _id = 42;
    private string _name = "alice";

    [GlobalSetup]
    public void Setup()
    {
        _id = 42;
        _name = "alice";
        _dictionary[(_id, _name)] = Workload.Compute(_id, _name);
        _memoryCache = new MemoryCache(new MemoryCacheOptions());
        _handWritten = new HandWrittenMemoryCache(_memoryCache);
        _proxy = new ProxyGenerator().CreateInterfaceProxyWithTarget<ICompute>(new PlainCompute(), new CachingInterceptor(new MemoryCache(new MemoryCacheOptions())));
        _manager = new CacheManager();
        _memoized = new MemoizedCompute(_manager);

        // Every contender computes once here; each benchmark call is then a hit.
        _ = _handWritten.ComputeStringKey(_id, _name);
        _ = _handWritten.ComputeTupleKey(_id, _name);
        _ = _proxy.Compute(_id, _name);
        _ = _memoized.Compute(_id, _name);
        _ = _memoized.ComputeValueTaskAsync(_id, _name).Result;
        _ = _memoized.ComputeTaskAsync(_id, _name).Result;
        _ = _memoized.ComputeShielded(_id, _name);
        _ = _memoized.ComputeShieldedTaskAsync(_id, _name).Result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memoryCache.Dispose();
        _manager.Dispose();
    }

    [Benchmark(Description = "ConcurrentDictionary<(int,string),int>.TryGetValue (floor)")]
    public int DictionaryFloor() => _dictionary.TryGetValue((_id, _name), out int value) ? value : -1;

    [Benchmark(Baseline = true, Description = "IMemoryCache, string key (hand-written)")]
    public int MemoryCacheStringKey() => _handWritten.ComputeStringKey(_id, _name);

    [Benchmark(Description = "IMemoryCache, tuple key (hand-written)")]
    public int MemoryCacheTupleKey() => _handWritten.ComputeTupleKey(_id, _name);

    [Benchmark(Description = "Castle DynamicProxy caching interceptor")]
    public int CastleInterceptor() => _proxy.Compute(_id, _name);

    [Benchmark(Description = "Memoize [Cached] int")]
    public int MemoizeSync() => _memoized.Compute(_id, _name);

    [Benchmark(Description = "Memoize [Cached] ValueTask<int>")]
    public int MemoizeValueTask() => _memoized.ComputeValueTaskAsync(_id, _name).Result;

    [Benchmark(Description = "Memoize [Cached] Task<int>")]
    public int MemoizeTask() => _memoized.ComputeTaskAsync(_id, _name).Result;

    [Benchmark(Description = "Memoize [Cached] int, fail-safe + eager refresh + jitter")]
    public int MemoizeSyncShielded() => _memoized.ComputeShielded(_id, _name);

    [Benchmark(Description = "Memoize [Cached] Task<int>, fail-safe + timeouts + eager refresh + jitter")]
    public int MemoizeTaskShielded() => _memoized.ComputeShieldedTaskAsync(_id, _name).Result;
}
