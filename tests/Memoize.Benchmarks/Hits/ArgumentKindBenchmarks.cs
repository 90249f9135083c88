using System;
using BenchmarkDotNet.Attributes;
using Memoize.Benchmarks.Subjects;

namespace Memoize.Benchmarks.Hits;

/// <summary>Hits keyed by each argument kind that must not allocate: primitive, string, enum, Guid and DateTime.</summary>
[MemoryDiagnoser]
public class ArgumentKindBenchmarks
{
    private CacheManager _manager = null!;
    private MemoizedCompute _memoized = null!;
    private long _number;
    private int _int;
    private string _text = "";
    private DayOfWeek _day;
    private Guid _guid;
    private DateTime _at;

    [GlobalSetup]
    public void Setup()
    {
        _manager = new CacheManager();
        _memoized = new MemoizedCompute(_manager);
        _number = 1234567890123;
        _int = 42;
        _text = "alice";
        _day = DayOfWeek.Wednesday;
        _guid = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
        _at = new DateTime(2026, 11, 21, 5, 0, 0, DateTimeKind.Utc);

        _ = _memoized.ByInt(_int);
        _ = _memoized.ByString(_text);
        _ = _memoized.ByEnum(_day);
        _ = _memoized.ByGuid(_guid);
        _ = _memoized.ByDateTime(_at);
        _ = _memoized.AllKinds(_number, _text, _day, _guid, _at);
        _ = _memoized.AllKindsValueTaskAsync(_number, _text, _day, _guid, _at).Result;
        _ = _memoized.AllKindsTaskAsync(_number, _text, _day, _guid, _at).Result;
    }

    [GlobalCleanup]
    public void Cleanup() => _manager.Dispose();

    [Benchmark(Description = "int")]
    public int ByInt() => _memoized.ByInt(_int);

    [Benchmark(Description = "string")]
    public int ByString() => _memoized.ByString(_text);

    [Benchmark(Description = "enum")]
    public int ByEnum() => _memoized.ByEnum(_day);

    [Benchmark(Description = "Guid")]
    public int ByGuid() => _memoized.ByGuid(_guid);

    [Benchmark(Description = "DateTime")]
    public int ByDateTime() => _memoized.ByDateTime(_at);

    [Benchmark(Description = "long+string+enum+Guid+DateTime, int")]
    public int AllKinds() => _memoized.AllKinds(_number, _text, _day, _guid, _at);

    [Benchmark(Description = "long+string+enum+Guid+DateTime, ValueTask<int>")]
    public int AllKindsValueTask() => _memoized.AllKindsValueTaskAsync(_number, _text, _day, _guid, _at).Result;

    [Benchmark(Description = "long+string+enum+Guid+DateTime, Task<int>")]
    public int AllKindsTask() => _memoized.AllKindsTaskAsync(_number, _text, _day, _guid, _at).Result;
}
