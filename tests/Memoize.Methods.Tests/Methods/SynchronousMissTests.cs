using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;

namespace Memoize.Methods.Tests.Methods;

/// <summary>
/// A memory miss whose computation completes at once runs without an async step; its failures still reach the caller
/// the way an async method's do: in the returned task, never thrown from the call itself.
/// </summary>
public class SynchronousMissTests
{
    private static readonly KeyFormatter<ValueTuple<int>> Format = static (ref CacheKeyWriter writer, in ValueTuple<int> args) => writer.Write(args.Item1);

    [Fact]
    public async Task A_task_method_that_throws_before_returning_its_task_fails_the_returned_task_and_the_next_call_computes_again()
    {
        using var manager = new CacheManager();
        var method = new CachedMethod<ValueTuple<int>, int>("Throws", null, TimeSpan.FromMinutes(5), Format);
        int calls = 0;
        Func<int, ValueTuple<int>, CancellationToken, Task<int>> compute = (_, a, _) =>
            ++calls == 1 ? throw new InvalidOperationException("first call fails") : Task.FromResult(a.Item1 * 2);

        Task<int> failed = method.InvokeAsync(manager, new ValueTuple<int>(21), 0, compute, CancellationToken.None);

        Assert.True(failed.IsFaulted);
        Assert.Equal("first call fails", (await Assert.ThrowsAsync<InvalidOperationException>(() => failed)).Message);
        Assert.Equal(42, await method.InvokeAsync(manager, new ValueTuple<int>(21), 0, compute, CancellationToken.None));
        Assert.Equal(42, await method.InvokeAsync(manager, new ValueTuple<int>(21), 0, compute, CancellationToken.None));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_computation_canceled_before_returning_its_task_returns_a_canceled_task()
    {
        using var manager = new CacheManager();
        var method = new CachedMethod<ValueTuple<int>, int>("Cancels", null, TimeSpan.FromMinutes(5), Format);
        using var source = new CancellationTokenSource();
        source.Cancel();

        Task<int> canceled = method.InvokeAsync(manager, new ValueTuple<int>(1), 0, static (_, _, ct) => { ct.ThrowIfCancellationRequested(); return Task.FromResult(1); }, source.Token);
        ValueTask<int> canceledValueTask = method.InvokeValueTaskAsync(manager, new ValueTuple<int>(2), 0, static (_, _, ct) => { ct.ThrowIfCancellationRequested(); return new ValueTask<int>(1); }, source.Token);

        Assert.True(canceled.IsCanceled);
        Assert.True(canceledValueTask.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        Assert.Equal(7, await method.InvokeAsync(manager, new ValueTuple<int>(1), 0, static (_, _, _) => Task.FromResult(7), CancellationToken.None));
    }

    [Fact]
    public void A_synchronous_method_that_throws_lets_the_next_caller_of_the_key_compute()
    {
        using var manager = new CacheManager();
        var method = new CachedMethod<ValueTuple<int>, int>("SyncThrows", null, TimeSpan.FromMinutes(5), Format);
        int calls = 0;
        Func<int, ValueTuple<int>, int> compute = (_, a) => ++calls == 1 ? throw new InvalidOperationException("first call fails") : a.Item1;

        Assert.Throws<InvalidOperationException>(() => method.Invoke(manager, new ValueTuple<int>(5), 0, compute));
        Assert.Equal(5, method.Invoke(manager, new ValueTuple<int>(5), 0, compute));
        Assert.Equal(5, method.Invoke(manager, new ValueTuple<int>(5), 0, compute));
        Assert.Equal(2, calls);
    }
}
