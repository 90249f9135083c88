using System;
using System.Threading;
using Memoize.CompilerServices;

namespace Memoize.Stores.Tests.Memory;

/// <summary>A memory store with a size limit keeps the newest entry and evicts the least recently used ones.</summary>
public sealed class MemoryStoreSizeLimitTests
{
    private static ICache CacheOf(long sizeLimit, out MemoryCacheStore store)
    {
        store = new MemoryCacheStore(new MemoryCacheStoreOptions { SizeLimit = sizeLimit });
        return new CacheManager().AddStore("bounded", store).Cache("bounded");
    }

    [Fact]
    public void Five_entries_then_a_sixth_evicts_the_first_and_keeps_the_sixth()
    {
        ICache cache = CacheOf(5, out MemoryCacheStore store);

        for (int i = 1; i <= 6; i++)
        {
            cache.Put($"k{i}", i);
        }

        Assert.False(cache.Has("k1"));
        Assert.Equal(6, cache.Get<int>("k6"));
        for (int i = 2; i <= 5; i++)
        {
            Assert.Equal(i, cache.Get<int>($"k{i}"));
        }

        Assert.Equal(5, store.Count);
    }

    [Fact]
    public void A_read_makes_an_entry_recently_used_so_the_other_one_is_evicted()
    {
        ICache cache = CacheOf(2, out _);

        cache.Put("a", "A");
        cache.Put("b", "B");
        Assert.Equal("A", cache.Get<string>("a"));
        cache.Put("c", "C");

        Assert.False(cache.Has("b"));
        Assert.Equal("A", cache.Get<string>("a"));
        Assert.Equal("C", cache.Get<string>("c"));
    }

    [Fact]
    public void A_limit_of_one_keeps_the_newest_entry()
    {
        ICache cache = CacheOf(1, out MemoryCacheStore store);

        cache.Put("old", 1);
        cache.Put("new", 2);

        Assert.False(cache.Has("old"));
        Assert.Equal(2, cache.Get<int>("new"));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void The_entry_over_a_limit_of_a_hundred_is_stored()
    {
        ICache cache = CacheOf(100, out MemoryCacheStore store);

        for (int i = 0; i <= 100; i++)
        {
            cache.Put($"k{i}", i);
        }

        Assert.Equal(100, cache.Get<int>("k100"));
        Assert.False(cache.Has("k0"));
        Assert.True(store.Count <= 100, $"{store.Count} entries held");
    }

    [Fact]
    public void Hits_of_a_memoized_method_count_as_use()
    {
        var store = new MemoryCacheStore(new MemoryCacheStoreOptions { SizeLimit = 2 });
        using var manager = new CacheManager().AddStore("bounded", store);
        int computed = 0;
        var method = new CachedMethod<ValueTuple<string>, string>("lru", "bounded", TimeSpan.FromMinutes(5), static (ref CacheKeyWriter writer, in ValueTuple<string> args) => writer.Write(args.Item1));
        string Call(string name) => method.Invoke(manager, new ValueTuple<string>(name), 0, (_, a) => { Interlocked.Increment(ref computed); return a.Item1.ToUpperInvariant(); });

        Call("a");
        Call("b");
        Call("a");
        Call("c");
        Assert.Equal(3, computed);

        Call("a");
        Call("c");
        Assert.Equal(3, computed);
        Call("b");
        Assert.Equal(4, computed);
    }
}
