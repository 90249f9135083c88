using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Memoize.Benchmarks.Redis;

/// <summary>
/// The Redis hit comparison with the two reads interleaved call by call: in each pair of calls one is hand-written and
/// one memoized, the order alternating from pair to pair, over one connection in one process. On a shared machine the
/// round trip moves between regimes second by second (the same read measured 80 us in one second and 180 us a few
/// seconds later); BenchmarkDotNet measures one benchmark's iterations one after another, so those regimes land on
/// one side. Interleaved calls see the same regimes, and their ratio is what the code costs.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project tests/Memoize.Benchmarks -- --redis-hit-interleaved 30000 async</c> (or
/// <c>sync</c>): three rounds, each with its own redis-server and connection, of that many pairs after as many
/// warm-up pairs. Not a replacement for the BenchmarkDotNet job: a second opinion that the machine's noise cannot sway.
/// </remarks>
internal static class RedisHitInterleaved
{
    public const string Switch = "--redis-hit-interleaved";

    private const int Rounds = 3;
    private const int Block = 1000;

    public static void Run(int pairs, string category)
    {
        if (pairs < Block || category is not ("async" or "sync"))
        {
            throw new ArgumentException($"Usage: {Switch} <pairs, at least {Block}> <async|sync>");
        }

        Console.WriteLine($"| round ({category}) | hand-written mean / median | [Cached] mean / median | ratio of means | ratio of medians | ratio per {Block} pairs: median (quartiles) | allocated per call: hand-written / [Cached] |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        for (int round = 1; round <= Rounds; round++)
        {
            using var fixture = new RedisHitFixture();
            Func<Task> handWritten = category == "async" ? fixture.HandWrittenAsync : () => { fixture.HandWritten(); return Task.CompletedTask; };
            Func<Task> memoized = category == "async" ? fixture.MemoizedAsync : () => { fixture.Memoized(); return Task.CompletedTask; };
            Measure(handWritten, memoized, pairs, out _, out _);
            Measure(handWritten, memoized, pairs, out double[] hand, out double[] memo);

            double[] blockRatios = Enumerable.Range(0, pairs / Block)
                .Select(b => new ArraySegment<double>(memo, b * Block, Block).Average() / new ArraySegment<double>(hand, b * Block, Block).Average())
                .Order()
                .ToArray();
            double handMean = hand.Average();
            double memoMean = memo.Average();
            Array.Sort(hand);
            Array.Sort(memo);
            double handMedian = Quantiles.Of(hand, 0.5);
            double memoMedian = Quantiles.Of(memo, 0.5);
            double handBytes = AllocatedPerCall(handWritten, Block);
            double memoBytes = AllocatedPerCall(memoized, Block);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {round} | {handMean:F1} / {handMedian:F1} us | {memoMean:F1} / {memoMedian:F1} us | {memoMean / handMean:F3}x | {memoMedian / handMedian:F3}x | {Quantiles.Of(blockRatios, 0.5):F3}x ({Quantiles.Of(blockRatios, 0.25):F3}-{Quantiles.Of(blockRatios, 0.75):F3}x) | {handBytes:F0} / {memoBytes:F0} B = {memoBytes / handBytes:F2}x |"));
        }
    }

    /// <summary>
    /// Bytes allocated per call in the whole process (as BenchmarkDotNet's memory diagnoser counts them), over
    /// <paramref name="calls"/> calls of one side alone; the client's own threads allocate for both sides alike.
    /// </summary>
    private static double AllocatedPerCall(Func<Task> call, int calls)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < calls; i++)
        {
            call().GetAwaiter().GetResult();
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
    }

    /// <summary>Times <paramref name="pairs"/> pairs of calls, the hand-written call first in even pairs and second in odd ones.</summary>
    private static void Measure(Func<Task> handWritten, Func<Task> memoized, int pairs, out double[] hand, out double[] memo)
    {
        hand = new double[pairs];
        memo = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            bool handWrittenFirst = i % 2 == 0;
            double first = Time(handWrittenFirst ? handWritten : memoized);
            double second = Time(handWrittenFirst ? memoized : handWritten);
            (hand[i], memo[i]) = handWrittenFirst ? (first, second) : (second, first);
        }
    }

    /// <summary>One call, blocked on as BenchmarkDotNet blocks on an asynchronous benchmark, in microseconds.</summary>
    private static double Time(Func<Task> call)
    {
        long started = Stopwatch.GetTimestamp();
        call().GetAwaiter().GetResult();
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }
}
