using System;
using System.Threading.Tasks;
using Memoize.Stores;
using Memoize.Testing;

namespace Memoize.Stores.Tests;

/// <summary>Registering stores by instance, type and factory; manager-wide options.</summary>
public sealed class StoreRegistrationTests
{
    [Fact]
    public void A_store_registers_as_an_instance_a_type_or_a_factory()
    {
        var instance = new RawOnlyStore();
        int factoryCalls = 0;
        var cache = new CacheManager()
            .AddStore("instance", instance)
            .AddStore<RawOnlyStore>("type")
            .AddStore("factory", _ => { factoryCalls++; return new RawOnlyStore(); });
        Assert.Equal(0, factoryCalls);

        cache.Cache("instance").Put("k", 1);
        cache.Cache("type").Put("k", 2);
        cache.Cache("factory").Put("k", 3);
        cache.Cache("factory").Put("k2", 4);

        Assert.Equal(1, instance.Count);
        Assert.IsType<RawOnlyStore>(cache.Store("type"));
        Assert.Equal([1, 2, 3], new[] { cache.Cache("instance").Get<int>("k"), cache.Cache("type").Get<int>("k"), cache.Cache("factory").Get<int>("k") });
        Assert.Equal(1, factoryCalls);
    }

    [Fact]
    public void The_default_store_is_configurable_and_the_manager_api_acts_on_it()
    {
        var raw = new RawOnlyStore();
        var cache = new CacheManager(new CacheManagerOptions { DefaultStore = "raw" }).AddStore("raw", raw);

        cache.Put("k", "v");

        Assert.Equal(1, raw.Count);
        Assert.Equal("v", cache.Cache("raw").Get<string>("k"));
        Assert.False(cache.Cache("memory").Has("k"));
    }

    [Fact]
    public void Registration_errors_name_the_problem()
    {
        var cache = new CacheManager();

        Assert.Contains("must not be empty", Assert.Throws<ArgumentException>("name", () => cache.AddStore(" ", new RawOnlyStore())).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>("store", () => cache.AddStore("x", (ICacheStore)null!));
        cache.AddStore("broken", _ => null!);
        Assert.Contains("'broken'", Assert.Throws<InvalidOperationException>(() => cache.Cache("broken")).Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ArgumentException>(() => cache.Cache("redis"));
        Assert.Contains("'broken', 'memory', 'null'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_time_to_live_applies_when_none_is_given()
    {
        var clock = new FakeTimeProvider();
        var cache = new CacheManager(new CacheManagerOptions { TimeProvider = clock, DefaultTtl = TimeSpan.FromMinutes(5) });
        cache.Put("k", "v");
        cache.Remember("r", null, () => 1);

        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.True(cache.Has("k"));
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.False(cache.Has("k"));
        Assert.False(cache.Has("r"));
    }

    [Fact]
    public async Task Manager_and_store_prefixes_keep_two_managers_apart_on_one_store()
    {
        using var shared = new SqliteCacheStore();
        var first = new CacheManager(new CacheManagerOptions { KeyPrefix = "app1:" }).AddStore("s", shared);
        var second = new CacheManager(new CacheManagerOptions { KeyPrefix = "app2:" }).AddStore("s", shared, keyPrefix: "v2:");

        first.Cache("s").Put("k", "one");
        second.Cache("s").Put("k", "two");
        first.Cache("s").Flush();

        Assert.False(first.Cache("s").Has("k"));
        Assert.Equal(1, shared.Count());
        Assert.Equal("two", second.Cache("s").Get<string>("k"));
        Assert.NotNull(await shared.GetAsync("app2:v2:k"));
    }

    [Fact]
    public void A_prefixed_flush_of_a_store_that_cannot_list_its_entries_clears_it_whole()
    {
        var shared = new RawOnlyStore();
        var first = new CacheManager(new CacheManagerOptions { KeyPrefix = "app1:" }).AddStore("s", shared);
        var second = new CacheManager(new CacheManagerOptions { KeyPrefix = "app2:" }).AddStore("s", shared);
        second.Cache("s").Put("k", "two");

        first.Cache("s").Flush();

        Assert.Equal(0, shared.Count);
    }

    [Fact]
    public async Task Twenty_entries_copied_from_memory_to_sqlite_outlive_a_memory_flush_with_their_lifetimes()
    {
        var clock = new FakeTimeProvider();
        using var cache = new CacheManager(new CacheManagerOptions { TimeProvider = clock }).AddSqliteStore("sqlite");
        for (int i = 0; i < 20; i++)
        {
            cache.Put($"item-{i}", new ContractValue { Name = $"n{i}", Count = i }, TimeSpan.FromMinutes(10 + i));
        }

        long copied = await cache.CopyToAsync(cache.Cache("sqlite"));
        await cache.FlushAsync();

        Assert.Equal(20, copied);
        Assert.False(cache.Has("item-0"));
        ICache sqlite = cache.Cache("sqlite");
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(i, sqlite.GetRequired<ContractValue>($"item-{i}").Count);
        }

        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30));
        Assert.False(sqlite.Has("item-0"));
        Assert.True(sqlite.Has("item-1"));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(sqlite.Has("item-9"));
        Assert.True(sqlite.Has("item-10"));
        Assert.Equal(19, sqlite.GetRequired<ContractValue>("item-19").Count);
    }

    [Fact]
    public async Task Copy_from_sqlite_into_memory_reads_back_typed_values_and_keeps_tags()
    {
        using var cache = new CacheManager().AddSqliteStore("sqlite");
        ICache sqlite = cache.Cache("sqlite");
        sqlite.Tags("group").Put("a", new ContractValue { Name = "a" });
        sqlite.Put("n", 5);

        Assert.Equal(3, await sqlite.CopyToAsync(cache));

        Assert.Equal("a", cache.GetRequired<ContractValue>("a").Name);
        Assert.Equal(6, cache.Increment("n"));
        Assert.Equal(1, cache.Tags("group").Flush());
        Assert.False(cache.Has("a"));
    }
}
