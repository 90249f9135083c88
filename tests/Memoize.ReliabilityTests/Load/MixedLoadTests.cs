using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Memoize.Testing;
using Xunit.Abstractions;

namespace Memoize.ReliabilityTests.Load;

/// <summary>
/// Eight threads run a mix of memoized calls, puts, reads, forgets and increments on one store: nothing throws, no
/// call ever returns another key's value, and the counters add up. <c>MEMOIZE_SOAK=1</c> runs 1,000,000 operations
/// per thread.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class MixedLoadTests(ITestOutputHelper output) : IDisposable
{
    private const int Threads = 8;
    private const int KeySpace = 512;
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(StoreKinds.Memory, 20_000)]
    [InlineData(StoreKinds.Sqlite, 1_500)]
    [InlineData(StoreKinds.File, 1_500)]
    public async Task Eight_threads_of_mixed_operations_never_fail_never_cross_keys_and_counters_add_up(string kind, int operationsPerThread)
    {
        operationsPerThread = Soak.Enabled ? 1_000_000 : operationsPerThread;
        using CacheManager manager = StoreKinds.Create(kind, _directory);
        var echo = new Echo(manager);
        ICache target = manager.Cache(Echo.StoreName);
        long[] increments = new long[Threads];
        long[] memoizedCalls = new long[Threads];
        var started = new Barrier(Threads);
        var clock = Stopwatch.StartNew();

        Task[] workers = Enumerable.Range(0, Threads).Select(thread => Task.Factory.StartNew(() =>
        {
            var random = new Random(thread);
            started.SignalAndWait();
            for (int i = 0; i < operationsPerThread; i++)
            {
                int k = random.Next(KeySpace);
                string text = "k" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                switch (random.Next(10))
                {
                    case < 5:
                        string described = echo.Describe(text, k);
                        if (described != Echo.Expected(text, k))
                        {
                            throw new InvalidOperationException($"Describe({text}, {k}) returned {described}");
                        }

                        memoizedCalls[thread]++;
                        break;
                    case 5:
                        target.Put("put:" + text, text);
                        break;
                    case 6:
                        if (target.TryGet("put:" + text, out string? read) && read != text)
                        {
                            throw new InvalidOperationException($"put:{text} held {read}");
                        }

                        break;
                    case 7:
                        target.Forget(random.Next(2) == 0 ? "put:" + text : Echo.DescribeCacheKey(text, k));
                        break;
                    default:
                        target.Increment("counter");
                        increments[thread]++;
                        break;
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        await Task.WhenAll(workers);
        clock.Stop();

        long operations = (long)Threads * operationsPerThread;
        Assert.Equal(increments.Sum(), target.Get<long>("counter"));
        Assert.Equal(0, manager.StoreFailures);
        Assert.InRange(echo.Calls, KeySpace / 2, memoizedCalls.Sum()); // every key computed at least once, never more than called
        output.WriteLine($"{kind}: {Threads} threads x {operationsPerThread:N0} operations = {operations:N0} in {clock.Elapsed.TotalSeconds:F2} s, {operations / clock.Elapsed.TotalSeconds:N0} ops/s; Core ran {echo.Calls:N0} times for {memoizedCalls.Sum():N0} memoized calls");
    }

    public void Dispose() => _directory.Dispose();
}
