using System.Reflection;
using BenchmarkDotNet.Attributes;
using Memoize.Benchmarks.Subjects;
using Memoize.CompilerServices;
using Microsoft.Extensions.Caching.Memory;

namespace Memoize.Benchmarks.Misses;

/// <summary>
/// Misses: each operation forgets the key, then calls, so the call computes and stores, with a time to live. The
/// baseline is the least hand-written code can do: one key, <c>Remove</c>, one <c>GetOrCreate</c>. The two-lookup
/// variants build their key for the removal and again for the call, and look up before <c>GetOrCreate</c>, as code
/// written to keep its hits free of the closure does.
/// </summary>
[MemoryDiagnoser]
public class MissBenchmarks
{
    private MemoryCache _memoryCache = null!;
    private HandWrittenMemoryCache _handWritten = null!;
    private CacheManager _manager = null!;
    private MemoizedCompute _memoized = null!;
    private CachedMethod<(int, string), int> _computeMethod = null!;
    private CachedMethod<(int, string), int> _computeValueTaskMethod = null!;
    private CachedMethod<(int, string), int> _computeShortKeyMethod = null!;
    private int _id = 42;
    private string _name = "alice";

    [GlobalSetup]
    public void Setup()
    {
        _id = 42;
        _name = "alice";
        _memoryCache = new MemoryCache(new MemoryCacheOptions());
        _handWritten = new HandWrittenMemoryCache(_memoryCache);
        _manager = new CacheManager();
        _memoized = new MemoizedCompute(_manager);

        // An invalidating method calls Forget on the generated field; the benchmark reaches that field directly.
        _computeMethod = GeneratedField(nameof(MemoizedCompute.Compute));
        _computeValueTaskMethod = GeneratedField(nameof(MemoizedCompute.ComputeValueTaskAsync));
        _computeShortKeyMethod = GeneratedField(nameof(MemoizedCompute.ComputeShortKey));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memoryCache.Dispose();
        _manager.Dispose();
    }

    [Benchmark(Baseline = true, Description = "IMemoryCache, string key: Remove + one GetOrCreate (hand-written)")]
    public int MemoryCacheSingleGetOrCreate()
    {
        string key = HandWrittenMemoryCache.StringKey(_id, _name);
        _memoryCache.Remove(key);
        return _handWritten.GetOrCreateStringKey(key, _id, _name);
    }

    [Benchmark(Description = "IMemoryCache, string key: Remove + TryGetValue + GetOrCreate (hand-written)")]
    public int MemoryCacheStringKey()
    {
        _memoryCache.Remove(HandWrittenMemoryCache.StringKey(_id, _name));
        return _handWritten.ComputeStringKey(_id, _name);
    }

    [Benchmark(Description = "IMemoryCache, tuple key: Remove + GetOrCreate (hand-written)")]
    public int MemoryCacheTupleKey()
    {
        _memoryCache.Remove((_id, _name));
        return _handWritten.ComputeTupleKey(_id, _name);
    }

    [Benchmark(Description = "Memoize [Cached] int: Forget + call")]
    public int MemoizeSync()
    {
        _computeMethod.Forget(_manager, (_id, _name));
        return _memoized.Compute(_id, _name);
    }

    [Benchmark(Description = "Memoize [Cached(KeyPrefix = \"Compute\")] int: Forget + call")]
    public int MemoizeSyncShortKey()
    {
        _computeShortKeyMethod.Forget(_manager, (_id, _name));
        return _memoized.ComputeShortKey(_id, _name);
    }

    [Benchmark(Description = "Memoize [Cached] ValueTask<int>: Forget + call")]
    public int MemoizeValueTask()
    {
        _computeValueTaskMethod.Forget(_manager, (_id, _name));
        return _memoized.ComputeValueTaskAsync(_id, _name).Result;
    }

    private static CachedMethod<(int, string), int> GeneratedField(string method)
        => (CachedMethod<(int, string), int>)typeof(MemoizedCompute)
            .GetField("__memoize_" + method, BindingFlags.NonPublic | BindingFlags.Static)!
            .GetValue(null)!;
}
