using System;
using System.Linq;
using System.Threading.Tasks;
using Memoize.Testing;

namespace Memoize.Stores.Tests;

/// <summary>What is particular to the SQLite store: transactions across connections, its table, its options.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private SqliteCacheStoreOptions FileOptions => new() { DataSource = _directory.File("cache.db") };

    [Fact]
    public async Task Increments_and_adds_from_two_connections_to_one_file_are_atomic()
    {
        using var first = new SqliteCacheStore(FileOptions);
        using var second = new SqliteCacheStore(FileOptions);
        ICache a = new CacheManager().AddStore("s", first).Cache("s");
        ICache b = new CacheManager().AddStore("s", second).Cache("s");

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).IncrementAsync("hits").AsTask())));
        bool[] adds = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).AddAsync("once", i).AsTask())));

        Assert.Equal(60, a.Get<long>("hits"));
        Assert.Single(adds, added => added);
    }

    [Fact]
    public void Two_stores_in_one_file_with_different_tables_do_not_see_each_other()
    {
        using var users = new SqliteCacheStore(new SqliteCacheStoreOptions { DataSource = _directory.File("cache.db"), TableName = "users_cache" });
        using var orders = new SqliteCacheStore(new SqliteCacheStoreOptions { DataSource = _directory.File("cache.db"), TableName = "orders_cache" });
        var cache = new CacheManager().AddStore("users", users).AddStore("orders", orders);
        cache.Cache("users").Put("k", "u");
        cache.Cache("orders").Put("k", "o");

        cache.Cache("users").Flush();

        Assert.False(cache.Cache("users").Has("k"));
        Assert.Equal("o", cache.Cache("orders").Get<string>("k"));
    }

    [Fact]
    public void In_memory_stores_are_private_to_their_instance()
    {
        using var one = new SqliteCacheStore();
        using var two = new SqliteCacheStore();
        var cache = new CacheManager().AddStore("one", one).AddStore("two", two);

        cache.Cache("one").Put("k", "v");

        Assert.True(one.IsInMemory);
        Assert.Equal("v", cache.Cache("one").Get<string>("k"));
        Assert.False(cache.Cache("two").Has("k"));
    }

    [Fact]
    public void Options_are_checked_with_messages_naming_them()
    {
        Assert.Contains("TableName", Assert.Throws<ArgumentException>(() => new SqliteCacheStore(new SqliteCacheStoreOptions { TableName = "drop table; --" })).Message, StringComparison.Ordinal);
        Assert.Contains("DataSource", Assert.Throws<ArgumentException>(() => new SqliteCacheStore(new SqliteCacheStoreOptions { DataSource = "" })).Message, StringComparison.Ordinal);
        Assert.Contains("MaxEntries", Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteCacheStore(new SqliteCacheStoreOptions { MaxEntries = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("MaxBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteCacheStore(new SqliteCacheStoreOptions { MaxBytes = -5 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_store_says_so()
    {
        var store = new SqliteCacheStore();
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync("k").AsTask());
    }

    public void Dispose() => _directory.Dispose();
}
