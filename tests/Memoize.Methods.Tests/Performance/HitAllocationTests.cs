using System;
using System.Threading.Tasks;
using Memoize.Testing;

namespace Memoize.Methods.Tests.Performance;

/// <summary>Generated methods hit the memory store without allocating, for every argument kind the issue names.</summary>
public partial class HitAllocationTests
{
    private readonly ICacheManager _cache = new CacheManager();

    [Cached(Minutes = 5)]
    public partial int Sync(int number, string text, DayOfWeek day, Guid id, DateTime at);

    [Cached(Minutes = 5)]
    public partial ValueTask<int> ValueTaskShaped(long number, string text, DayOfWeek day, Guid id, DateTime at);

    [Cached(Minutes = 5)]
    public partial Task<int> TaskShaped(short number, string text, DayOfWeek day, Guid id, DateTime at);

    [Fact]
    public void Sync_hits_allocate_nothing() => AssertNoAllocation(static (t, i) => t.Sync(i, "text", DayOfWeek.Friday, Id, At));

    [Fact]
    public void Value_task_hits_allocate_nothing() => AssertNoAllocation(static (t, i) => Read(t.ValueTaskShaped(i, "text", DayOfWeek.Friday, Id, At)));

    [Fact]
    public void Task_hits_allocate_nothing() => AssertNoAllocation(static (t, i) => Read(t.TaskShaped((short)i, "text", DayOfWeek.Friday, Id, At)));

    private static readonly Guid Id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");

    private static readonly DateTime At = new(2026, 11, 21, 6, 0, 0, DateTimeKind.Utc);

    private void AssertNoAllocation(Func<HitAllocationTests, int, int> call)
        => Assert.True(HitAllocation.AssertNone(i => call(this, i), keys: 4) > 0);

    private static int Read(ValueTask<int> pending) => pending.IsCompletedSuccessfully ? pending.Result : -1;

    private static int Read(Task<int> pending) => pending.IsCompletedSuccessfully ? pending.Result : -1;

    private int SyncCore(int number, string text, DayOfWeek day, Guid id, DateTime at) => number + text.Length + (int)day + id.ToByteArray()[0] + at.Day;

    private ValueTask<int> ValueTaskShapedCore(long number, string text, DayOfWeek day, Guid id, DateTime at) => new(SyncCore((int)number, text, day, id, at));

    private Task<int> TaskShapedCore(short number, string text, DayOfWeek day, Guid id, DateTime at) => Task.FromResult(SyncCore(number, text, day, id, at));
}

/// <summary>
/// With eager refresh (and fail-safe and jitter) on, a hit before the refresh moment still allocates nothing: the hit
/// path compares one deadline, the earliest of the refresh moment and the fresh end.
/// </summary>
public partial class EagerRefreshHitAllocationTests
{
    private readonly ICacheManager _cache = new CacheManager(new CacheManagerOptions { EagerRefresh = 0.9, FailSafeMinutes = 10, JitterSeconds = 30 });

    [Cached(Minutes = 5)]
    public partial int Sync(int number, string text);

    [Cached(Minutes = 5)]
    public partial ValueTask<int> ValueTaskShaped(long number, string text);

    [Cached(Minutes = 5)]
    public partial Task<int> TaskShaped(short number, string text);

    [Fact]
    public void Sync_hits_allocate_nothing() => AssertNoAllocation(static (t, i) => t.Sync(i, "text"));

    [Fact]
    public void Value_task_hits_allocate_nothing() => AssertNoAllocation(static (t, i) => t.ValueTaskShaped(i, "text") is { IsCompletedSuccessfully: true } done ? done.Result : -1);

    [Fact]
    public void Task_hits_allocate_nothing() => AssertNoAllocation(static (t, i) => t.TaskShaped((short)i, "text") is { IsCompletedSuccessfully: true } done ? done.Result : -1);

    private void AssertNoAllocation(Func<EagerRefreshHitAllocationTests, int, int> call)
        => Assert.True(HitAllocation.AssertNone(i => call(this, i), keys: 4) > 0);

    private int SyncCore(int number, string text) => number + text.Length + 1;

    private ValueTask<int> ValueTaskShapedCore(long number, string text) => new(SyncCore((int)number, text));

    private Task<int> TaskShapedCore(short number, string text) => Task.FromResult(SyncCore(number, text));
}
