using System;
using Memoize.CompilerServices;
using Memoize.Testing;

namespace Memoize.Stores.Tests.Memory;

/// <summary>The typed index of a method never holds on to what its store no longer has.</summary>
public class MemoryMethodIndexTests
{
    private static readonly KeyFormatter<ValueTuple<int>> Format = static (ref CacheKeyWriter writer, in ValueTuple<int> args) => writer.Write(args.Item1);

    [Fact]
    public void Expired_entries_are_swept_as_new_entries_arrive()
    {
        var time = new FakeTimeProvider();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = time });
        var method = new CachedMethod<ValueTuple<int>, int>("sweep", null, TimeSpan.FromMinutes(1), Format);
        int interval = MemoryMethodIndex<ValueTuple<int>, int>.MinimumSweepInterval;
        for (int i = 0; i < interval - 1; i++)
        {
            Call(method, manager, i);
        }

        MemoryMethodIndex<ValueTuple<int>, int> index = manager.GetCache().Memory!.GetIndex<ValueTuple<int>, int>(method);
        Assert.Equal(interval - 1, index.Entries.Count);

        time.Advance(TimeSpan.FromMinutes(2));
        Call(method, manager, -1);

        Assert.Single(index.Entries);
    }

    [Fact]
    public void A_flush_empties_the_index()
    {
        using var manager = new CacheManager();
        var method = new CachedMethod<ValueTuple<int>, int>("flush", null, TimeSpan.FromMinutes(1), Format);
        for (int i = 0; i < 10; i++)
        {
            Call(method, manager, i);
        }

        manager.Flush();

        Assert.Empty(manager.GetCache().Memory!.GetIndex<ValueTuple<int>, int>(method).Entries);
    }

    [Fact]
    public void Removing_a_key_through_the_string_api_unindexes_it_at_once()
    {
        using var manager = new CacheManager();
        var method = new CachedMethod<ValueTuple<int>, int>("remove", null, TimeSpan.FromMinutes(1), Format);
        Call(method, manager, 1);

        Assert.True(manager.Forget(method.BuildKey(new ValueTuple<int>(1))));

        Assert.Empty(manager.GetCache().Memory!.GetIndex<ValueTuple<int>, int>(method).Entries);
    }

    private static int Call(CachedMethod<ValueTuple<int>, int> method, CacheManager manager, int id)
        => method.Invoke(manager, new ValueTuple<int>(id), 0, static (_, a) => a.Item1 * 2);
}
