using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Testing;

namespace Memoize.Stores.Tests;

/// <summary>
/// A tag lasts as long as the longest-lived entry written with it (plus a minute), or until flushed when one never
/// expires: tags of entries that have all expired do not pile up in the store.
/// </summary>
public sealed class TagLifetimeTests
{
    private static readonly string s_tagKey = NamedCache.TagKeyPrefix + "reports";

    [Fact]
    public async Task On_a_byte_store_the_tag_list_expires_a_minute_after_its_longest_lived_entry()
    {
        var clock = new FakeTimeProvider();
        var store = new RawOnlyStore();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = clock }).AddStore("raw", store);
        ICache cache = manager.Cache("raw");
        DateTimeOffset start = clock.GetUtcNow();

        cache.Tags("reports").Put("a", 1, TimeSpan.FromMinutes(10));
        Assert.Equal(start.AddMinutes(11), (await store.GetAsync(s_tagKey))?.ExpiresAt);
        cache.Tags("reports").Put("b", 2, TimeSpan.FromMinutes(2));
        Assert.Equal(start.AddMinutes(11), (await store.GetAsync(s_tagKey))?.ExpiresAt);
        clock.Advance(TimeSpan.FromMinutes(5));
        cache.Tags("reports").Put("c", 3, TimeSpan.FromMinutes(20));
        Assert.Equal(start.AddMinutes(26), (await store.GetAsync(s_tagKey))?.ExpiresAt);

        clock.Advance(TimeSpan.FromMinutes(22));
        Assert.False(cache.TryGet("c", out int _));
        Assert.False(cache.Has(s_tagKey));
        Assert.Equal(0, cache.Tags("reports").Flush());
    }

    [Fact]
    public async Task A_never_expiring_entry_keeps_its_tag_until_flushed()
    {
        var clock = new FakeTimeProvider();
        var store = new RawOnlyStore();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = clock }).AddStore("raw", store);
        ICache cache = manager.Cache("raw");

        cache.Tags("reports").Put("short", 1, TimeSpan.FromMinutes(1));
        cache.Tags("reports").Forever("pinned", 2);
        cache.Tags("reports").Put("later", 3, TimeSpan.FromMinutes(1));
        Assert.Null((await store.GetAsync(s_tagKey))?.ExpiresAt);

        clock.Advance(TimeSpan.FromDays(30));
        Assert.True(cache.Has(s_tagKey));
        cache.Tags("reports").Flush();
        Assert.False(cache.Has("pinned"));
    }

    [Fact]
    public void On_the_memory_store_a_tag_lives_while_its_entries_can_and_goes_with_them()
    {
        var clock = new FakeTimeProvider();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = clock });
        ICache cache = manager.Cache();

        cache.Tags("reports").Put("a", 1, TimeSpan.FromMinutes(10));
        cache.Tags("reports").Put("b", 2, TimeSpan.FromMinutes(1));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(1, cache.Tags("reports").Flush()); // "a" is alive and still covered by its tag

        cache.Tags("reports").Put("c", 3, TimeSpan.FromMinutes(10));
        clock.Advance(TimeSpan.FromMinutes(12));
        Assert.False(cache.Has(s_tagKey));
    }

    [Fact]
    public void A_tagged_remember_whose_computation_takes_long_is_still_covered_by_its_tag()
    {
        var clock = new FakeTimeProvider();
        var store = new RawOnlyStore();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = clock }).AddStore("raw", store);
        ICache cache = manager.Cache("raw");

        int value = cache.Tags("reports").Remember("slow", TimeSpan.FromMinutes(5), () =>
        {
            clock.Advance(TimeSpan.FromMinutes(30)); // the computation outlasts the lifetime the tag was first given
            return 7;
        });

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(7, value);
        Assert.True(cache.Has("slow"));
        Assert.Equal(1, cache.Tags("reports").Flush());
        Assert.False(cache.Has("slow"));
    }

    [Fact]
    public async Task A_tagged_remember_with_fail_safe_serves_the_last_good_value_and_a_tag_flush_still_removes_it()
    {
        var clock = new FakeTimeProvider();
        var store = new RawOnlyStore();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = clock }).AddStore("raw", store);
        ICache cache = manager.Cache("raw");
        var options = new RememberOptions { FailSafeMinutes = 60 };

        Assert.Equal(1, await cache.Tags("reports").RememberAsync("daily", TimeSpan.FromMinutes(5), options, _ => new ValueTask<int>(1)));
        clock.Advance(TimeSpan.FromMinutes(10));

        // Expired, the source down: the tagged entry's last good value is served.
        Assert.Equal(1, await cache.Tags("reports").RememberAsync<int>("daily", TimeSpan.FromMinutes(5), options, _ => throw new InvalidOperationException("source down")));

        // The tag still covers the kept value: after a flush there is nothing to fall back on.
        Assert.Equal(1, cache.Tags("reports").Flush());
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.Tags("reports").RememberAsync<int>("daily", TimeSpan.FromMinutes(5), options, _ => throw new InvalidOperationException("source down")).AsTask());
    }

    [Fact]
    public void A_synchronous_tagged_remember_refuses_timeouts_by_name()
    {
        using var manager = new CacheManager();
        ICache cache = manager.Cache();

        ArgumentException refused = Assert.Throws<ArgumentException>(() => cache.Tags("reports").Remember("k", null, new RememberOptions { HardTimeoutMilliseconds = 100 }, () => 1));

        Assert.Contains("HardTimeoutMilliseconds", refused.Message, StringComparison.Ordinal);
    }
}
