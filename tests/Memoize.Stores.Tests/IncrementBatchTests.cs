using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores.Tests.Support;

namespace Memoize.Stores.Tests;

/// <summary>
/// On a store without atomic increments, increments of one key that wait behind a write are stored together in one
/// write, and each caller still gets the count its own increment produced.
/// </summary>
public sealed class IncrementBatchTests
{
    private static ICache Open(GatedStore store) => new CacheManager().AddStore("gated", store).Cache("gated");

    [Fact]
    public async Task Increments_waiting_behind_a_write_are_stored_in_one_write_and_each_returns_its_own_count()
    {
        var store = new GatedStore();
        ICache cache = Open(store);
        Task<long> first = cache.IncrementAsync("n").AsTask();
        Task<long>[] waiting = Enumerable.Range(0, 5).Select(_ => cache.IncrementAsync("n").AsTask()).ToArray();

        store.Open();

        Assert.Equal(1, await first);
        Assert.Equal([2L, 3, 4, 5, 6], (await Task.WhenAll(waiting)).Order());
        Assert.Equal(6, cache.Get<long>("n"));
        Assert.Equal(2, store.Writes);
    }

    [Fact]
    public async Task A_cancelled_increment_that_was_waiting_is_not_counted()
    {
        var store = new GatedStore();
        ICache cache = Open(store);
        using var cancel = new CancellationTokenSource();
        Task<long> first = cache.IncrementAsync("n").AsTask();
        Task<long> cancelled = cache.IncrementAsync("n", 100, cancel.Token).AsTask();
        Task<long> kept = cache.IncrementAsync("n").AsTask();

        await cancel.CancelAsync();
        store.Open();

        Assert.Equal(1, await first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(2, await kept);
        Assert.Equal(2, cache.Get<long>("n"));
    }

    [Fact]
    public async Task A_failed_write_fails_every_increment_it_carried_and_counts_none()
    {
        var store = new GatedStore { FailWritesAfter = 1 };
        ICache cache = Open(store);
        Task<long> first = cache.IncrementAsync("n").AsTask();
        Task<long>[] waiting = Enumerable.Range(0, 3).Select(_ => cache.IncrementAsync("n").AsTask()).ToArray();

        store.Open();

        Assert.Equal(1, await first);
        foreach (Task<long> increment in waiting)
        {
            await Assert.ThrowsAsync<System.IO.IOException>(() => increment);
        }

        Assert.Equal(1, cache.Get<long>("n"));
        Assert.Equal(2, store.Writes);
    }

    [Fact]
    public async Task An_increment_that_overflows_fails_alone_and_the_others_of_its_batch_count()
    {
        var store = new GatedStore();
        ICache cache = Open(store);
        Task<long> first = cache.IncrementAsync("n", long.MaxValue - 1).AsTask();
        Task<long> overflowing = cache.IncrementAsync("n", 2).AsTask();
        Task<long> down = cache.IncrementAsync("n", -10).AsTask();

        store.Open();

        Assert.Equal(long.MaxValue - 1, await first);
        await Assert.ThrowsAsync<OverflowException>(() => overflowing);
        Assert.Equal(long.MaxValue - 11, await down);
        Assert.Equal(long.MaxValue - 11, cache.Get<long>("n"));
    }
}
