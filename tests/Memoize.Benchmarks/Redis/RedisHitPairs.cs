using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Memoize.Benchmarks.Redis;

/// <summary>
/// The Redis hit benchmark as adjacent pairs: each run measures the hand-written read and the memoized one in one
/// launch each, a minute apart, and the ratio is taken per run. A shared machine's round trip drifts by more than the
/// difference measured (one launch may see 60 us where the next sees 120 us); a pair measured together cancels the
/// drift that separates BenchmarkDotNet's back-to-back launches of one benchmark from those of the other.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/Memoize.Benchmarks -- --redis-hit-pairs 8 async</c> (or <c>sync</c>).</remarks>
internal static class RedisHitPairs
{
    public const string Switch = "--redis-hit-pairs";

    public static void Run(int pairs, string category)
    {
        if (pairs < 1 || category is not ("async" or "sync"))
        {
            throw new ArgumentException($"Usage: {Switch} <pairs, at least 1> <async|sync>");
        }

        RedisHitBenchmarks.Launches = 1;
        IConfig config = ManualConfig.Create(DefaultConfig.Instance).AddFilter(new AllCategoriesFilter([category]));
        var rows = new List<(double HandWritten, double Memoized)>();
        for (int run = 1; run <= pairs; run++)
        {
            Summary summary = BenchmarkRunner.Run<RedisHitBenchmarks>(config);
            double handWritten = MeanMicroseconds(summary, baseline: true);
            double memoized = MeanMicroseconds(summary, baseline: false);
            rows.Add((handWritten, memoized));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// pair {run}: hand-written {handWritten:F1} us, [Cached] {memoized:F1} us, ratio {memoized / handWritten:F3}"));
        }

        Console.WriteLine();
        Console.WriteLine($"| pair ({category}) | hand-written | [Cached] | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|");
        for (int i = 0; i < rows.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {i + 1} | {rows[i].HandWritten:F1} us | {rows[i].Memoized:F1} us | {rows[i].Memoized / rows[i].HandWritten:F3}x |"));
        }

        double[] ratios = rows.Select(static r => r.Memoized / r.HandWritten).Order().ToArray();
        double median = Quantiles.Of(ratios, 0.5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median ratio {median:F3}x over {ratios.Length} pairs (lowest {ratios[0]:F3}x, highest {ratios[^1]:F3}x); ratio of the summed means {rows.Sum(static r => r.Memoized) / rows.Sum(static r => r.HandWritten):F3}x"));
    }

    private static double MeanMicroseconds(Summary summary, bool baseline)
    {
        BenchmarkReport report = summary.Reports.SingleOrDefault(r => r.BenchmarkCase.Descriptor.Baseline == baseline)
            ?? throw new InvalidOperationException("The run measured no " + (baseline ? "hand-written" : "memoized") + " read; is redis-server on the PATH?");
        return (report.ResultStatistics ?? throw new InvalidOperationException(report.BenchmarkCase.DisplayInfo + " produced no measurements.")).Mean / 1000;
    }
}
