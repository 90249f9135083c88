using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Benchmarks.Subjects;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using ZiggyCreatures.Caching.Fusion;

namespace Memoize.Benchmarks.Peers;

/// <summary>
/// 1,000 concurrent asynchronous callers on a cold key, for Memoize, FusionCache and HybridCache in one process:
/// how many computations ran per round (one is the goal), how long the 1,000 calls took from the first call to the
/// last caller having its value, and how long after the computation returned its value the last caller had it.
/// Each computation waits for a gate that opens once all callers are waiting. The callers are asynchronous (<c>await</c>):
/// synchronous callers of a cold key each block a thread while they wait, and are not measured here.
/// </summary>
public static class PeerStampedeMeasurement
{
    /// <summary>The name a <c>--filter</c> is matched against.</summary>
    public const string Name = "Memoize.Benchmarks.Peers.PeerStampedeMeasurement";

    private const int Callers = 1000;
    private const int MinWarmupRounds = 5;
    private const int Rounds = 50;

    /// <summary>How long each contender runs rounds before the measured ones.</summary>
    private static readonly TimeSpan s_warmupTime = TimeSpan.FromSeconds(3);

    /// <summary>The first key of a contender: each of its rounds uses the next, so no round finds the value of an earlier one.</summary>
    private static readonly int s_firstKey = Environment.TickCount & 0x3FFFFFFF;

    /// <summary>Runs every contender and prints (and saves) the table.</summary>
    public static void Run(string artifactsDirectory)
    {
        using var manager = new CacheManager();
        var memoized = new StampedeSubject(manager);
        using var fusionMemory = new MemoryCache(new MemoryCacheOptions());
        using FusionCache fusion = PeerSetup.FusionCacheInMemory(fusionMemory);
        using var hybridMemory = new MemoryCache(new MemoryCacheOptions());
        (ServiceProvider hybridServices, HybridCache hybrid) = PeerSetup.HybridCache(hybridMemory);
        using ServiceProvider hybridScope = hybridServices;
        var gate = new Gate();

        var rows = new List<string>
        {
            Row("Memoize [Cached] Task<int>", Measure(new Contender(memoized.Reset, memoized.Open, () => memoized.Computations, () => memoized.FinishedAt, memoized.LoadAsync))),
            Row("Memoize [Cached] ValueTask<int>", Measure(new Contender(memoized.Reset, memoized.Open, () => memoized.Computations, () => memoized.FinishedAt, key => memoized.LoadValueTaskAsync(key).AsTask()))),
            Row("FusionCache GetOrSetAsync", Measure(gate.For(key => fusion.GetOrSetAsync<int>(LoadKey(key), (_, _) => gate.LoadAsync(key)).AsTask()))),
            Row("HybridCache GetOrCreateAsync (state)", Measure(gate.For(key => hybrid.GetOrCreateAsync(LoadKey(key), (gate, key), static (state, _) => new ValueTask<int>(state.gate.LoadAsync(state.key))).AsTask()))),
        };

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Peers' stampede: {Callers:N0} concurrent callers on a cold key, {Rounds} rounds ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
        table.AppendLine();
        table.AppendLine("| method | computations per round (most) | all callers served: median | last caller released after the computation: median | p90 | worst |");
        table.AppendLine("|---|---|---|---|---|---|");
        foreach (string row in rows)
        {
            table.AppendLine(row);
        }

        Console.WriteLine();
        Console.WriteLine(table.ToString());
        Directory.CreateDirectory(artifactsDirectory);
        File.WriteAllText(Path.Combine(artifactsDirectory, "peer-stampede.md"), table.ToString());
    }

    private static string LoadKey(int key) => string.Create(CultureInfo.InvariantCulture, $"load:{key}");

    private static Result Measure(Contender contender)
    {
        // Warmed as BenchmarkDotNet warms the other rows: the runtime compiles a method fully only after it has been
        // called for a while with no new code being compiled, so the first rounds of every contender run its
        // unoptimized code (and the first contender also warms the runtime's own task code for the others).
        int round = 0;
        var warming = Stopwatch.StartNew();
        while (round < MinWarmupRounds || warming.Elapsed < s_warmupTime)
        {
            RunRound(contender, round++);
        }

        var releases = new List<double>();
        var totals = new List<double>();
        int maxComputations = 0;
        for (int measured = 0; measured < Rounds; measured++)
        {
            (double release, double total) = RunRound(contender, round++);
            releases.Add(release);
            totals.Add(total);
            maxComputations = Math.Max(maxComputations, contender.Computations());
        }

        return new Result(maxComputations, [.. releases.Order()], [.. totals.Order()]);
    }

    /// <summary>One round on a key no earlier round used: how long after the computation the last caller had its value, and how long the whole round took (ms).</summary>
    private static (double Release, double Total) RunRound(Contender contender, int round)
    {
        int key = s_firstKey + round;
        contender.Reset();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        long started = Stopwatch.GetTimestamp();
        var callers = new Task<long>[Callers];
        for (int i = 0; i < Callers; i++)
        {
            callers[i] = CallAsync(contender, key);
        }

        contender.Open();
        long[] releasedAt = Task.WhenAll(callers).GetAwaiter().GetResult();
        long last = releasedAt.Max();
        return (Stopwatch.GetElapsedTime(contender.FinishedAt(), last).TotalMilliseconds, Stopwatch.GetElapsedTime(started, last).TotalMilliseconds);
    }

    private static async Task<long> CallAsync(Contender contender, int key)
    {
        int value = await contender.Call(key).ConfigureAwait(false);
        return value == key ? Stopwatch.GetTimestamp() : throw new InvalidOperationException($"A caller of key {key} got {value}.");
    }

    private static string Row(string method, Result result)
    {
        static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {method} | {result.MaxComputations} | {Percentile(result.TotalMilliseconds, 0.5):F3} ms | {Percentile(result.ReleaseMilliseconds, 0.5):F3} ms | {Percentile(result.ReleaseMilliseconds, 0.9):F3} ms | {result.ReleaseMilliseconds[^1]:F3} ms |");
    }

    private sealed record Result(int MaxComputations, double[] ReleaseMilliseconds, double[] TotalMilliseconds);

    private sealed record Contender(Action Reset, Action Open, Func<int> Computations, Func<long> FinishedAt, Func<int, Task<int>> Call);

    /// <summary>The peers' computation: counted, held until the gate opens, and timed when it returns.</summary>
    private sealed class Gate
    {
        private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _computations;
        private long _finishedAt;

        public Contender For(Func<int, Task<int>> call)
            => new(Reset, () => _gate.SetResult(), () => Volatile.Read(ref _computations), () => Volatile.Read(ref _finishedAt), call);

        public async Task<int> LoadAsync(int key)
        {
            Interlocked.Increment(ref _computations);
            await _gate.Task.ConfigureAwait(false);
            Volatile.Write(ref _finishedAt, Stopwatch.GetTimestamp());
            return key;
        }

        private void Reset()
        {
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _computations, 0);
        }
    }
}
