using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Memoize.Testing;

namespace Memoize.ReliabilityTests.Faults;

/// <summary>
/// A Core method that throws, is cancelled or times out, on every kind of store and on the sync and async paths:
/// concurrent callers waiting for it all get its outcome, nothing is cached, and the next call computes again.
/// (The memory store's async exception case is in the integration tests' ConcurrencyTests.)
/// </summary>
public sealed class CoreFailureTests : IDisposable
{
    private const int Waiters = 6;
    private readonly TempDirectory _directory = new();

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Sync_callers_of_a_throwing_core_all_get_its_exception_and_the_next_call_computes(string kind)
    {
        using CacheManager manager = StoreKinds.Create(kind, _directory);
        var gated = new Gated(manager);
        Task<int>[] calls = StartAll(() => gated.Load(1));
        await WaitForCalls(gated, 1);
        await Task.Delay(100); // the others are now waiting for that one computation

        gated.Outcome.SetException(new InvalidOperationException("backend said no"));

        foreach (Task<int> call in calls)
        {
            InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => call);
            Assert.Equal("backend said no", error.Message);
        }

        Assert.Equal(1, gated.Calls);
        gated.Rearm();
        gated.Outcome.SetResult(40);
        Assert.Equal(41, gated.Load(1));
        Assert.Equal(2, gated.Calls);
        Assert.Equal(41, gated.Load(1));
        Assert.Equal(2, gated.Calls);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Async_callers_of_a_cancelled_core_all_see_the_cancellation_and_the_next_call_computes(string kind)
    {
        using CacheManager manager = StoreKinds.Create(kind, _directory);
        var gated = new Gated(manager);
        using var leaderToken = new CancellationTokenSource();
        Task<int> leader = gated.LoadAsync(2, leaderToken.Token);
        await WaitForCalls(gated, 1);
        Task<int>[] waiters = Enumerable.Range(0, Waiters).Select(_ => Task.Run(() => gated.LoadAsync(2, CancellationToken.None))).ToArray();
        await Task.Delay(100);

        leaderToken.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);
        foreach (Task<int> waiter in waiters)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        }

        Assert.Equal(1, gated.Calls);
        gated.Outcome.SetResult(10);
        Assert.Equal(12, await gated.LoadAsync(2, CancellationToken.None));
        Assert.Equal(2, gated.Calls);
        Assert.Equal(12, await gated.LoadAsync(2, CancellationToken.None));
        Assert.Equal(2, gated.Calls);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Async_callers_of_a_core_that_times_out_all_get_the_timeout_and_the_next_call_computes(string kind)
    {
        using CacheManager manager = StoreKinds.Create(kind, _directory);
        // Every caller must have joined the computation before Core gives up; on a busy machine a caller's first
        // SQLite read can take a few hundred milliseconds, so the timeout leaves them well over a second.
        var gated = new Gated(manager) { CoreTimeout = TimeSpan.FromMilliseconds(1500) };
        Task<int>[] calls = StartAll(() => gated.LoadAsync(3, CancellationToken.None).GetAwaiter().GetResult());

        foreach (Task<int> call in calls)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => call);
        }

        Assert.Equal(1, gated.Calls);
        gated.Outcome.SetResult(5);
        Assert.Equal(8, await gated.LoadAsync(3, CancellationToken.None));
        Assert.Equal(8, await gated.LoadAsync(3, CancellationToken.None));
        Assert.Equal(2, gated.Calls);
    }

    private static Task<int>[] StartAll(Func<int> call)
        => Enumerable.Range(0, Waiters)
            .Select(_ => Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();

    private static async Task WaitForCalls(Gated gated, int calls)
    {
        for (int i = 0; i < 500 && gated.Calls < calls; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(calls, gated.Calls);
    }

    public void Dispose() => _directory.Dispose();
}
