using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;

namespace Memoize.Methods.Tests.Methods;

/// <summary>
/// Callers that pile onto a running computation on the memory store: the second joins it through the flight table, the
/// ones after it find it kept by the method and join it without building the key. They must behave exactly as joiners
/// through the table: the leader's value, exception or their own cancellation, and nothing once it has ended.
/// </summary>
public class StampedeJoinTests
{
    private const int Callers = 50;

    private static readonly KeyFormatter<ValueTuple<int>> Format = static (ref CacheKeyWriter writer, in ValueTuple<int> args) => writer.Write(args.Item1);

    [Fact]
    public async Task Callers_piling_on_a_running_computation_get_its_value_and_after_a_forget_the_next_call_computes_again()
    {
        using var manager = new CacheManager();
        var load = new GatedLoad();
        var method = new CachedMethod<ValueTuple<int>, string>("Pile", null, TimeSpan.FromMinutes(5), Format);

        Task<string>[] callers = [.. Enumerable.Range(0, Callers).Select(_ => method.InvokeAsync(manager, new ValueTuple<int>(7), load, GatedLoad.Compute, CancellationToken.None))];
        Assert.All(callers, caller => Assert.False(caller.IsCompleted));
        load.Open();

        Assert.All(await Task.WhenAll(callers), value => Assert.Equal("7#1", value));
        Assert.True(method.Forget(manager, new ValueTuple<int>(7)));
        Assert.Equal("7#2", await method.InvokeAsync(manager, new ValueTuple<int>(7), load, GatedLoad.Compute, CancellationToken.None));
        Assert.Equal(2, load.Computations);
    }

    [Fact]
    public async Task Callers_piling_on_a_computation_that_fails_all_get_its_exception_and_the_next_call_computes_again()
    {
        using var manager = new CacheManager();
        var load = new GatedLoad { FailFirst = true };
        var method = new CachedMethod<ValueTuple<int>, string>("PileFails", null, TimeSpan.FromMinutes(5), Format);

        Task<string>[] callers = [.. Enumerable.Range(0, Callers).Select(_ => method.InvokeAsync(manager, new ValueTuple<int>(3), load, GatedLoad.Compute, CancellationToken.None))];
        load.Open();

        foreach (Task<string> caller in callers)
        {
            Assert.Equal("source down", (await Assert.ThrowsAsync<InvalidOperationException>(() => caller)).Message);
        }

        // The failed computation is over: the next caller leads a new one instead of joining the failed one.
        Assert.Equal("3#2", await method.InvokeAsync(manager, new ValueTuple<int>(3), load, GatedLoad.Compute, CancellationToken.None));
        Assert.Equal(2, load.Computations);
    }

    [Fact]
    public async Task A_caller_that_piled_on_and_cancels_stops_waiting_while_the_others_get_the_value()
    {
        using var manager = new CacheManager();
        var load = new GatedLoad();
        var method = new CachedMethod<ValueTuple<int>, string>("PileCancels", null, TimeSpan.FromMinutes(5), Format);
        using var cancellation = new CancellationTokenSource();

        Task<string>[] first = [.. Enumerable.Range(0, 2).Select(_ => method.InvokeAsync(manager, new ValueTuple<int>(5), load, GatedLoad.Compute, CancellationToken.None))];
        Task<string> canceled = method.InvokeAsync(manager, new ValueTuple<int>(5), load, GatedLoad.Compute, cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => canceled);
        load.Open();
        Assert.All(await Task.WhenAll(first), value => Assert.Equal("5#1", value));
        Assert.Equal(1, load.Computations);
    }

    [Fact]
    public async Task Once_the_computation_stored_its_value_the_method_holds_no_reference_to_it()
    {
        using var manager = new CacheManager();
        var method = new CachedMethod<ValueTuple<int>, object>("PileHeld", null, TimeSpan.FromMinutes(5), Format);

        WeakReference value = await PileOnAsync(manager, method);
        Assert.True(method.Forget(manager, new ValueTuple<int>(9)));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(value.IsAlive, "The value of a stampede outlived its entry.");
    }

    /// <summary>A stampede on key 9 whose value is a fresh object; only a weak reference to it leaves this method.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> PileOnAsync(CacheManager manager, CachedMethod<ValueTuple<int>, object> method)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<TaskCompletionSource, ValueTuple<int>, CancellationToken, Task<object>> compute = static async (g, _, _) =>
        {
            await g.Task.ConfigureAwait(false);
            return new object();
        };

        Task<object>[] callers = [.. Enumerable.Range(0, Callers).Select(_ => method.InvokeAsync(manager, new ValueTuple<int>(9), gate, compute, CancellationToken.None))];
        gate.SetResult();
        object[] values = await Task.WhenAll(callers);
        Assert.All(values, v => Assert.Same(values[0], v));
        return new WeakReference(values[0]);
    }

    /// <summary>A load held until <see cref="Open"/>; its values are "key#computation".</summary>
    private sealed class GatedLoad
    {
        public static readonly Func<GatedLoad, ValueTuple<int>, CancellationToken, Task<string>> Compute = static (load, args, _) => load.RunAsync(args.Item1);

        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _computations;

        public bool FailFirst { get; init; }

        public int Computations => Volatile.Read(ref _computations);

        public void Open() => _gate.SetResult();

        private async Task<string> RunAsync(int key)
        {
            int computation = Interlocked.Increment(ref _computations);
            await _gate.Task.ConfigureAwait(false);
            return FailFirst && computation == 1 ? throw new InvalidOperationException("source down") : $"{key}#{computation}";
        }
    }
}
