using System;
using System.Diagnostics;
using System.Threading;
using Memoize.CompilerServices;
using Memoize.Testing;

namespace Memoize.Stores.Tests.Memory;

/// <summary>Expired entries leave the memory store: when touched, and by a sweep, so a cache nobody reads stops holding them.</summary>
public class MemoryStoreExpiryTests
{
    [Fact]
    public void Expired_entries_nobody_reads_are_swept_after_the_next_write_once_a_minute_passed()
    {
        var time = new FakeTimeProvider();
        var store = new MemoryCacheStore(timeProvider: time);
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = time }).AddStore("swept", store);
        ICache cache = manager.Cache("swept");
        for (int i = 0; i < 1000; i++)
        {
            cache.Put("old" + i, i, TimeSpan.FromSeconds(30));
        }

        cache.Put("kept", 1, TimeSpan.FromHours(1));
        Assert.Equal(1001, store.Count);

        time.Advance(MemoryEntryTable.SweepInterval + TimeSpan.FromSeconds(1));
        cache.Put("new", 2, TimeSpan.FromHours(1));

        // The sweep runs on the thread pool: wait for it, not for any lifetime.
        var waited = Stopwatch.StartNew();
        while (store.Count != 2 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(5);
        }

        Assert.Equal(2, store.Count);
        Assert.Equal(1, cache.Get<int>("kept"));
    }

    [Fact]
    public void A_sliding_entry_lives_while_used_and_expires_once_unused_for_its_time_to_live()
    {
        var time = new FakeTimeProvider();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = time });
        int computed = 0;
        var method = new CachedMethod<ValueTuple<int>, int>("sliding", null, TimeSpan.FromMinutes(10), static (ref CacheKeyWriter writer, in ValueTuple<int> args) => writer.Write(args.Item1), sliding: true);
        int Call() => method.Invoke(manager, new ValueTuple<int>(1), 0, (_, a) => Interlocked.Increment(ref computed));

        Call();
        for (int i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromMinutes(8));
            Call();
        }

        Assert.Equal(1, computed);
        Assert.True(manager.Has(method.BuildKey(new ValueTuple<int>(1))));

        time.Advance(TimeSpan.FromMinutes(11));
        Assert.False(manager.Has(method.BuildKey(new ValueTuple<int>(1))));
        Call();
        Assert.Equal(2, computed);
    }
}
