using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Memoize.Benchmarks.Subjects;

namespace Memoize.Benchmarks.Stampede;

/// <summary>
/// 1,000 concurrent callers on a cold key: how many computations ran, and how long after the one computation
/// returned its value the last caller had it. BenchmarkDotNet times operations, not this latency, so it is
/// measured here with <see cref="Stopwatch"/> over many rounds and reported as a table of its own.
/// </summary>
public static class StampedeMeasurement
{
    /// <summary>The name a <c>--filter</c> is matched against.</summary>
    public const string Name = "Memoize.Benchmarks.Stampede.StampedeMeasurement";

    private const int Callers = 1000;
    private const int WarmupRounds = 5;
    private const int Rounds = 50;

    /// <summary>Runs both shapes and prints (and saves) the table.</summary>
    public static void Run(string artifactsDirectory)
    {
        using var manager = new CacheManager();
        var subject = new StampedeSubject(manager);
        var rows = new List<string>
        {
            Row("Task<int>", Measure(subject, static (s, key) => s.LoadAsync(key))),
            Row("ValueTask<int>", Measure(subject, static (s, key) => s.LoadValueTaskAsync(key).AsTask())),
        };

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Stampede: {Callers:N0} concurrent callers on a cold key, {Rounds} rounds ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
        table.AppendLine();
        table.AppendLine("| method | computations per round | last caller released after the computation: median | p90 | worst |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (string row in rows)
        {
            table.AppendLine(row);
        }

        Console.WriteLine();
        Console.WriteLine(table.ToString());
        Directory.CreateDirectory(artifactsDirectory);
        File.WriteAllText(Path.Combine(artifactsDirectory, "stampede.md"), table.ToString());
    }

    private static (int MaxComputations, double[] ReleaseMilliseconds) Measure(StampedeSubject subject, Func<StampedeSubject, int, Task<int>> call)
    {
        var releases = new List<double>();
        int maxComputations = 0;
        for (int round = 0; round < WarmupRounds + Rounds; round++)
        {
            int key = Environment.TickCount ^ (round * 7919);
            subject.Reset();
            GC.Collect();
            GC.WaitForPendingFinalizers();

            var callers = new Task<long>[Callers];
            for (int i = 0; i < Callers; i++)
            {
                callers[i] = CallAsync(subject, key, call);
            }

            subject.Open();
            long[] releasedAt = Task.WhenAll(callers).GetAwaiter().GetResult();
            double lastRelease = Stopwatch.GetElapsedTime(subject.FinishedAt, releasedAt.Max()).TotalMilliseconds;
            if (round >= WarmupRounds)
            {
                releases.Add(lastRelease);
                maxComputations = Math.Max(maxComputations, subject.Computations);
            }
        }

        return (maxComputations, releases.Order().ToArray());
    }

    private static async Task<long> CallAsync(StampedeSubject subject, int key, Func<StampedeSubject, int, Task<int>> call)
    {
        _ = await call(subject, key).ConfigureAwait(false);
        return Stopwatch.GetTimestamp();
    }

    private static string Row(string method, (int MaxComputations, double[] ReleaseMilliseconds) result)
    {
        double[] sorted = result.ReleaseMilliseconds;
        double Percentile(double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(p * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"| {method} | {result.MaxComputations} | {Percentile(0.5):F3} ms | {Percentile(0.9):F3} ms | {sorted[^1]:F3} ms |");
    }
}
