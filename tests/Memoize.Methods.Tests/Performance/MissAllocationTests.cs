using System;
using System.Diagnostics;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;
using Xunit.Abstractions;

namespace Memoize.Methods.Tests.Performance;

/// <summary>
/// A miss on the memory store (forget, then call) allocates less than hand-written <c>IMemoryCache</c> code does for
/// the same key: the key string, the entry and the typed index's node, nothing else.
/// </summary>
/// <remarks>
/// Only meaningful against an optimized runtime: a debug build compiles async methods into classes, which allocate
/// even when they complete synchronously. Run with <c>-c Release</c>.
/// </remarks>
public class MissAllocationTests(ITestOutputHelper output)
{
    private const int Calls = 1000;

    // Hand-written IMemoryCache.Remove + GetOrCreate of the same "Compute:{id}:{name}" key allocates 264 bytes.
    private const int HandWrittenBytes = 264;

    private static readonly KeyFormatter<(int, string)> Format = static (ref CacheKeyWriter writer, in (int Id, string Name) args) =>
    {
        writer.Write(args.Id);
        writer.Write(args.Name);
    };

    [OptimizedBuildFact]
    public void A_sync_miss_allocates_less_than_hand_written_code()
    {
        using var manager = new CacheManager();
        var method = new CachedMethod<(int, string), int>("Compute", null, TimeSpan.FromMinutes(30), Format);

        long perCall = BytesPerCall(() =>
        {
            method.Forget(manager, (42, "alice"));
            return method.Invoke(manager, (42, "alice"), 0, static (_, a) => a.Item1 + a.Item2.Length);
        });

        Assert.True(perCall < HandWrittenBytes, $"A miss allocated {perCall} bytes.");
    }

    [OptimizedBuildFact]
    public void A_value_task_miss_allocates_less_than_hand_written_code()
    {
        using var manager = new CacheManager();
        var method = new CachedMethod<(int, string), int>("Compute", null, TimeSpan.FromMinutes(30), Format);

        long perCall = BytesPerCall(() =>
        {
            method.Forget(manager, (42, "alice"));
            ValueTask<int> pending = method.InvokeValueTaskAsync(manager, (42, "alice"), 0, static (_, a, _) => new ValueTask<int>(a.Item1 + a.Item2.Length), CancellationToken.None);
            return pending.IsCompletedSuccessfully ? pending.Result : -1;
        });

        Assert.True(perCall < HandWrittenBytes, $"A miss allocated {perCall} bytes.");
    }

    private long BytesPerCall(Func<int> call)
    {
        for (int i = 0; i < 2000; i++)
        {
            Assert.Equal(47, call());
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            call();
        }

        long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
        output.WriteLine($"{perCall} bytes per miss");
        return perCall;
    }
}

/// <summary>A test that runs only against an optimized build of the runtime (its allocations differ in a debug build).</summary>
public sealed class OptimizedBuildFactAttribute : FactAttribute
{
    /// <summary>Skips the test when the runtime was built without optimizations.</summary>
    public OptimizedBuildFactAttribute()
    {
        if (typeof(CacheManager).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
        {
            Skip = "Allocations are measured against an optimized (Release) build of the runtime.";
        }
    }
}
