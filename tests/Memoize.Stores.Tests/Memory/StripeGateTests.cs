using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Stores.Tests.Memory;

/// <summary>
/// The gate that guards each stripe of the memory store's tables and of the flight table: while one thread holds it no
/// other gets in, and a thread that waited gets in once it is released, however many contend (more threads than cores).
/// </summary>
public sealed class StripeGateTests
{
    private StripeGate _gate;
    private long _counter;
    private int _inside;
    private int _overlaps;

    [Fact]
    public async Task Threads_contending_for_one_gate_never_overlap_and_none_is_lost()
    {
        const int threads = 8;
        const int rounds = 50_000;
        using var start = new ManualResetEventSlim();
        Task[] workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
        {
            start.Wait();
            for (int i = 0; i < rounds; i++)
            {
                _gate.Enter();
                try
                {
                    if (Interlocked.Increment(ref _inside) != 1)
                    {
                        Interlocked.Increment(ref _overlaps);
                    }

                    // A plain read-modify-write: only the gate keeps it exact.
                    _counter++;
                    Interlocked.Decrement(ref _inside);
                }
                finally
                {
                    _gate.Exit();
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        start.Set();
        await Task.WhenAll(workers).WaitAsync(System.TimeSpan.FromSeconds(60));

        Assert.Equal(0, _overlaps);
        Assert.Equal((long)threads * rounds, _counter);
    }
}
