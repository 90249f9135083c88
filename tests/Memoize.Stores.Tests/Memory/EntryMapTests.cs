using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Stores.Tests.Memory;

/// <summary>The memory store's own table finds every key it holds, also while it grows under concurrent writers.</summary>
public class EntryMapTests
{
    private static MemoryEntry Entry(string key, object? value = null) => new ObjectMemoryEntry(key, value, long.MaxValue, long.MaxValue, 0);

    [Fact]
    public void Added_replaced_and_removed_keys_read_as_such()
    {
        var map = new EntryMap<string, MemoryEntry, KeyChain>();
        MemoryEntry first = Entry("a", 1);

        Assert.True(map.TryAdd(first, out _));
        Assert.False(map.TryAdd(Entry("a", 2), out MemoryEntry? existing));
        Assert.Same(first, existing);

        MemoryEntry second = Entry("a", 3);
        Assert.Same(first, map.AddOrReplace(second));
        Assert.True(map.TryGetValue("a", out MemoryEntry? found));
        Assert.Same(second, found);

        Assert.False(map.TryRemove(first));
        Assert.True(map.TryRemove(second));
        Assert.False(map.TryGetValue("a", out _));
        Assert.Equal(0, map.Count);
    }

    [Fact]
    public void Many_keys_in_one_table_are_all_found_after_it_grew()
    {
        var map = new EntryMap<string, MemoryEntry, KeyChain>();
        for (int i = 0; i < 10_000; i++)
        {
            Assert.Null(map.AddOrReplace(Entry("k" + i, i)));
        }

        Assert.Equal(10_000, map.Count);
        Assert.Equal(10_000, map.Snapshot().Select(static e => e.Key).Distinct().Count());
        for (int i = 0; i < 10_000; i += 7)
        {
            Assert.True(map.TryGetValue("k" + i, out MemoryEntry? found));
            Assert.Equal(i, found.Value);
        }

        for (int i = 0; i < 10_000; i += 2)
        {
            Assert.True(map.TryRemove("k" + i, out _));
        }

        Assert.Equal(5_000, map.Count);
        Assert.False(map.TryGetValue("k0", out _));
        Assert.True(map.TryGetValue("k1", out _));
    }

    [Fact]
    public async Task Readers_never_miss_a_key_that_stays_while_a_writer_grows_the_table()
    {
        // Each round grows a fresh table ten times over while a reader looks up keys that are there throughout.
        int misses = 0;
        for (int round = 0; round < 10 && misses == 0; round++)
        {
            var map = new EntryMap<string, MemoryEntry, KeyChain>();
            var stable = new string[200];
            for (int i = 0; i < stable.Length; i++)
            {
                stable[i] = $"stable-{round}-{i}";
                map.AddOrReplace(Entry(stable[i]));
            }

            using var done = new CancellationTokenSource();
            Task reader = Task.Run(() =>
            {
                while (!done.IsCancellationRequested)
                {
                    foreach (string key in stable)
                    {
                        if (!map.TryGetValue(key, out MemoryEntry? _))
                        {
                            Interlocked.Increment(ref misses);
                        }
                    }
                }
            });

            for (int i = 0; i < 64_000; i++)
            {
                map.TryAdd(Entry("w" + i), out MemoryEntry? _);
            }

            done.Cancel();
            await reader;
            Assert.Equal(64_200, map.Count);
        }

        Assert.Equal(0, misses);
    }
}
