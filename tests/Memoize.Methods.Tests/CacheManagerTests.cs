using System;
using System.Threading.Tasks;

namespace Memoize.Methods.Tests;

/// <summary>Store registration, defaults and errors of the manager.</summary>
public sealed class CacheManagerTests
{
    [Fact]
    public void An_unknown_store_name_is_an_error_that_lists_the_registered_stores()
    {
        var cache = new CacheManager().AddStore("disk", new MemoryCacheStore());

        var error = Assert.Throws<ArgumentException>(() => cache.Cache("redis"));

        Assert.Contains("'redis'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'disk', 'memory'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_fail_at_construction_naming_the_option()
    {
        var ttl = Assert.Throws<ArgumentOutOfRangeException>(() => new CacheManager(new CacheManagerOptions { DefaultTtl = TimeSpan.FromSeconds(-1) }));
        Assert.Contains("DefaultTtl", ttl.Message, StringComparison.Ordinal);

        var store = Assert.Throws<ArgumentException>(() => new CacheManager(new CacheManagerOptions { DefaultStore = " " }));
        Assert.Contains("DefaultStore", store.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remember_computes_once_and_a_failing_factory_caches_nothing()
    {
        var cache = new CacheManager();
        int calls = 0;

        Assert.Equal(1, cache.Remember("k", null, () => ++calls));
        Assert.Equal(1, cache.Remember("k", null, () => ++calls));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.RememberAsync<int>("bad", null, _ => throw new InvalidOperationException()).AsTask());
        Assert.False(cache.TryGet("bad", out int _));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_null_result_is_cached_like_any_value()
    {
        var cache = new CacheManager();
        int calls = 0;

        Assert.Null(cache.Remember<string?>("k", null, () => { calls++; return null; }));
        Assert.Null(cache.Remember<string?>("k", null, () => { calls++; return null; }));

        Assert.Equal(1, calls);
        Assert.True(cache.TryGet("k", out string? value));
        Assert.Null(value);
    }
}
