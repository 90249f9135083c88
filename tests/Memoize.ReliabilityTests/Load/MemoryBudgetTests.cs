using System;
using System.Globalization;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Xunit.Abstractions;

namespace Memoize.ReliabilityTests.Load;

/// <summary>
/// Many distinct keys through a memory store limited to a number of entries: the managed heap stays within what that
/// many entries cost, however many keys pass through. <c>MEMOIZE_SOAK=1</c> runs 1,000,000 keys.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class MemoryBudgetTests(ITestOutputHelper output)
{
    private const int SizeLimit = 5_000;

    // Generous per-entry cost: the ~250-byte result, its key text, the argument tuple, the index and cache entries.
    private const long BytesPerEntryBudget = 2_048;

    [Fact]
    public void Distinct_keys_through_a_size_limited_memory_store_keep_the_heap_within_the_limits_budget()
    {
        int keys = Soak.Scale(200_000, 1_000_000);
        using var manager = new CacheManager();
        manager.AddStore(Echo.StoreName, m => new MemoryCacheStore(new MemoryCacheStoreOptions { SizeLimit = SizeLimit }, m.TimeProvider));
        var echo = new Echo(manager);
        string padding = new('p', 100);
        echo.Describe("warm-up", 0);
        long baseline = HeapAfterCollection();
        long peak = baseline;

        for (int i = 0; i < keys; i++)
        {
            string text = padding + i.ToString(CultureInfo.InvariantCulture);
            if (echo.Describe(text, i).Length < padding.Length)
            {
                throw new InvalidOperationException("unexpected result");
            }

            if (i % 20_000 == 19_999)
            {
                peak = Math.Max(peak, HeapAfterCollection());
            }
        }

        peak = Math.Max(peak, HeapAfterCollection());
        long growth = peak - baseline;
        long budget = SizeLimit * BytesPerEntryBudget;
        output.WriteLine($"{keys:N0} distinct keys, SizeLimit {SizeLimit:N0}: heap baseline {baseline / 1048576.0:F1} MiB, peak {peak / 1048576.0:F1} MiB, growth {growth / 1048576.0:F1} MiB, budget {budget / 1048576.0:F1} MiB; Core ran {echo.Calls:N0} times");
        Assert.True(growth <= budget, $"the heap grew by {growth:N0} bytes, over the budget of {budget:N0} for {SizeLimit:N0} entries");
        Assert.Equal(keys + 1, echo.Calls);
    }

    private static long HeapAfterCollection()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
