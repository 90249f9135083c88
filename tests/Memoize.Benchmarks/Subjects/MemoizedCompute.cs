using System;
using System.Threading.Tasks;

namespace Memoize.Benchmarks.Subjects;

/// <summary>The method under test memoized by Memoize: the generator writes these bodies.</summary>
public partial class MemoizedCompute(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;

    /// <summary>Synchronous.</summary>
    [Cached(Minutes = 30)]
    public partial int Compute(int id, string name);

    /// <summary>Synchronous, with a key prefix as short as the hand-written key's.</summary>
    [Cached(KeyPrefix = "Compute", Minutes = 30)]
    public partial int ComputeShortKey(int id, string name);

    /// <summary>Returns a <see cref="ValueTask{TResult}"/>.</summary>
    [Cached(Minutes = 30)]
    public partial ValueTask<int> ComputeValueTaskAsync(int id, string name);

    /// <summary>Synchronous, with fail-safe, eager refresh (at 90% of the lifetime, never reached in a run) and jitter on.</summary>
    [Cached(Minutes = 30, FailSafeMinutes = 10, EagerRefresh = 0.9, JitterSeconds = 30)]
    public partial int ComputeShielded(int id, string name);

    /// <summary>Returns a <see cref="Task{TResult}"/>, with fail-safe, both timeouts, eager refresh and jitter on.</summary>
    [Cached(Minutes = 30, FailSafeMinutes = 10, SoftTimeoutMilliseconds = 100, HardTimeoutMilliseconds = 1000, EagerRefresh = 0.9, JitterSeconds = 30)]
    public partial Task<int> ComputeShieldedTaskAsync(int id, string name);

    /// <summary>Returns a <see cref="Task{TResult}"/>.</summary>
    [Cached(Minutes = 30)]
    public partial Task<int> ComputeTaskAsync(int id, string name);

    /// <summary>Every zero-allocation argument kind in one key.</summary>
    [Cached(Minutes = 30)]
    public partial int AllKinds(long number, string text, DayOfWeek day, Guid id, DateTime at);

    /// <summary>Every zero-allocation argument kind in one key, returning a <see cref="ValueTask{TResult}"/>.</summary>
    [Cached(Minutes = 30)]
    public partial ValueTask<int> AllKindsValueTaskAsync(long number, string text, DayOfWeek day, Guid id, DateTime at);

    /// <summary>Every zero-allocation argument kind in one key, returning a <see cref="Task{TResult}"/>.</summary>
    [Cached(Minutes = 30)]
    public partial Task<int> AllKindsTaskAsync(long number, string text, DayOfWeek day, Guid id, DateTime at);

    /// <summary>A primitive key.</summary>
    [Cached(Minutes = 30)]
    public partial int ByInt(int id);

    /// <summary>A string key.</summary>
    [Cached(Minutes = 30)]
    public partial int ByString(string name);

    /// <summary>An enum key.</summary>
    [Cached(Minutes = 30)]
    public partial int ByEnum(DayOfWeek day);

    /// <summary>A <see cref="Guid"/> key.</summary>
    [Cached(Minutes = 30)]
    public partial int ByGuid(Guid id);

    /// <summary>A <see cref="DateTime"/> key.</summary>
    [Cached(Minutes = 30)]
    public partial int ByDateTime(DateTime at);

    private int ComputeCore(int id, string name) => Workload.Compute(id, name);

    private int ComputeShortKeyCore(int id, string name) => Workload.Compute(id, name);

    private ValueTask<int> ComputeValueTaskAsyncCore(int id, string name) => new(Workload.Compute(id, name));

    private Task<int> ComputeTaskAsyncCore(int id, string name) => Task.FromResult(Workload.Compute(id, name));

    private int ComputeShieldedCore(int id, string name) => Workload.Compute(id, name);

    private Task<int> ComputeShieldedTaskAsyncCore(int id, string name) => Task.FromResult(Workload.Compute(id, name));

    private int AllKindsCore(long number, string text, DayOfWeek day, Guid id, DateTime at) => (int)number + text.Length + (int)day + id.GetHashCode() + at.Day;

    private ValueTask<int> AllKindsValueTaskAsyncCore(long number, string text, DayOfWeek day, Guid id, DateTime at) => new(AllKindsCore(number, text, day, id, at));

    private Task<int> AllKindsTaskAsyncCore(long number, string text, DayOfWeek day, Guid id, DateTime at) => Task.FromResult(AllKindsCore(number, text, day, id, at));

    private int ByIntCore(int id) => id;

    private int ByStringCore(string name) => name.Length;

    private int ByEnumCore(DayOfWeek day) => (int)day;

    private int ByGuidCore(Guid id) => id.GetHashCode();

    private int ByDateTimeCore(DateTime at) => at.Day;
}
