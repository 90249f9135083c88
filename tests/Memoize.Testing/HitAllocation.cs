using System;

namespace Memoize.Testing;

/// <summary>Asserts that cache hits allocate nothing, measured on the calling thread.</summary>
public static class HitAllocation
{
    /// <summary>How many measured calls; a hit that allocated anything would show as at least this many times 24 bytes.</summary>
    public const int Calls = 1000;

    /// <summary>
    /// Calls <paramref name="call"/> over <paramref name="keys"/> keys (each computed once and warmed past the JIT's
    /// tiering), then asserts that <see cref="Calls"/> more calls allocated nothing. Returns the sum of the measured calls'
    /// results, for the caller to check that they were hits of the right values.
    /// </summary>
    public static int AssertNone(Func<int, int> call, int keys)
    {
        for (int i = 0; i < 2000; i++)
        {
            _ = call(i % keys);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < Calls; i++)
        {
            sum += call(i % keys);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Calls, $"{Calls} hits allocated {allocated} bytes.");
        return sum;
    }
}
