using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Methods.Tests.Subjects;

namespace Memoize.Methods.Tests;

/// <summary>Stampede protection: concurrent callers of one cold key wait for a single computation.</summary>
public sealed class ConcurrencyTests
{
    private const int Callers = 100;

    [Fact]
    public async Task A_hundred_concurrent_sync_callers_of_a_cold_key_run_core_once()
    {
        var service = new SlowService();
        using var allStarted = new CountdownEvent(Callers);
        Task<int>[] calls = Enumerable.Range(0, Callers)
            .Select(_ => Task.Factory.StartNew(
                () =>
                {
                    allStarted.Signal();
                    return service.Compute(21);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))
            .ToArray();

        Assert.True(allStarted.Wait(TimeSpan.FromSeconds(30)));
        await Task.Delay(100); // every caller is now inside Compute, waiting on the one computation
        service.Gate.Set();
        int[] results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(42, r));
        Assert.Equal(1, service.Calls.Count);
    }

    [Fact]
    public async Task A_hundred_concurrent_async_callers_of_a_cold_key_run_core_once()
    {
        var service = new SlowService();
        Task<int>[] calls = Enumerable.Range(0, Callers).Select(_ => Task.Run(() => service.ComputeAsync(7))).ToArray();

        await Task.Delay(100);
        service.AsyncGate.SetResult();
        int[] results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.Equal(21, r));
        Assert.Equal(1, service.Calls.Count);
    }

    [Fact]
    public async Task Waiting_callers_receive_the_leaders_exception_and_nothing_is_cached()
    {
        var service = new SlowService();
        Task<int>[] calls = Enumerable.Range(0, 10).Select(_ => Task.Run(() => service.ComputeAsync(1))).ToArray();

        await Task.Delay(100);
        service.AsyncGate.SetException(new TimeoutException("backend timed out"));

        foreach (Task<int> call in calls)
        {
            var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
            Assert.Equal("backend timed out", error.Message);
        }

        Assert.Equal(1, service.Calls.Count);
        await Assert.ThrowsAsync<TimeoutException>(() => service.ComputeAsync(1));
        Assert.Equal(2, service.Calls.Count);
    }
}
