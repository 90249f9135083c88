using System;
using System.Threading.Tasks;
using Memoize.Stores;
using Memoize.Stores.Tests.Support;
using Memoize.Testing;

namespace Memoize.Stores.Tests;

/// <summary>What the stores that keep data on disk (SQLite, file) promise beyond the contract: restarts and budgets.</summary>
public abstract class PersistentStoreTests<TStore> : IDisposable
    where TStore : ICacheStore
{
    private readonly TempDirectory _directory = new();

    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The store kind as the helper process names it.</summary>
    protected abstract string Kind { get; }

    /// <summary>Where the store keeps its data inside the test's directory.</summary>
    protected abstract string LocationIn(string directory);

    protected abstract TStore Create(string location, int? maxEntries, long? maxBytes);

    private readonly System.Collections.Generic.List<TStore> _opened = [];

    protected TStore Open(string location, int? maxEntries = null, long? maxBytes = null)
    {
        TStore store = Create(location, maxEntries, maxBytes);
        _opened.Add(store);
        return store;
    }

    protected static void Close(TStore store) => (store as IDisposable)?.Dispose();

    protected string Location => LocationIn(_directory.Path);

    protected ICache CacheOver(TStore store)
        => new CacheManager(new CacheManagerOptions { TimeProvider = Clock }).AddStore("s", store).Cache("s");

    [Fact]
    public void Values_written_by_one_process_are_read_by_a_new_process()
    {
        Assert.Equal(["stored"], StoreProcess.Run(Kind, Location, "put", "greeting", "hello from a writer", "3600"));
        Assert.Equal(["stored"], StoreProcess.Run(Kind, Location, "put", "greeting", "hello again", "3600"));

        Assert.Equal(["hello again", "2"], StoreProcess.Run(Kind, Location, "get", "greeting"));
        Assert.Equal(["<miss>", "0"], StoreProcess.Run(Kind, Location, "get", "never-written"));
        Assert.Equal("hello again", CacheOver(Open(Location)).Get<string>("greeting"));
    }

    [Fact]
    public void A_value_written_here_is_read_by_a_new_process_until_it_expires()
    {
        // Written an hour in the past: the one-minute value has already expired for the reader's real clock.
        TStore store = Open(Location);
        var writer = new CacheManager(new CacheManagerOptions { TimeProvider = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)) });
        ICache cache = writer.AddStore("s", store).Cache("s");
        cache.Put("short", "soon gone", TimeSpan.FromMinutes(1));
        cache.Put("long", "still here", TimeSpan.FromHours(3));
        Close(store);

        Assert.Equal("<miss>", StoreProcess.Run(Kind, Location, "get", "short")[0]);
        Assert.Equal("still here", StoreProcess.Run(Kind, Location, "get", "long")[0]);
    }

    [Fact]
    public void With_room_for_two_entries_the_least_recently_used_is_evicted()
    {
        TStore store = Open(Location, maxEntries: 2);
        ICache cache = CacheOver(store);

        cache.Put("a", "A");
        cache.Put("b", "B");
        Assert.Equal("A", cache.Get<string>("a"));
        cache.Put("c", "C");

        Assert.False(cache.Has("b"));
        Assert.Equal("A", cache.Get<string>("a"));
        Assert.Equal("C", cache.Get<string>("c"));
    }

    [Fact]
    public void The_byte_budget_evicts_least_recently_used_entries()
    {
        string payload = new('x', 80);
        TStore store = Open(Location, maxBytes: 250);
        ICache cache = CacheOver(store);

        cache.Put("a", payload);
        cache.Put("b", payload);
        _ = cache.Get<string>("a");
        cache.Put("c", payload);

        Assert.False(cache.Has("b"));
        Assert.Equal(payload, cache.Get<string>("a"));
        Assert.Equal(payload, cache.Get<string>("c"));
    }

    [Fact]
    public void An_item_larger_than_the_byte_budget_is_never_stored()
    {
        TStore store = Open(Location, maxBytes: 200);
        ICache cache = CacheOver(store);
        cache.Put("small", "fits");
        cache.Put("big", "old");

        cache.Put("big", new string('y', 500));

        Assert.False(cache.Has("big"));
        Assert.Equal("fits", cache.Get<string>("small"));
        Assert.Equal(500, cache.Remember("big-computed", null, () => new string('z', 500)).Length);
        Assert.False(cache.Has("big-computed"));
    }

    [Fact]
    public async Task Purge_deletes_expired_entries_from_disk_and_reports_how_many()
    {
        TStore store = Open(Location);
        ICache cache = CacheOver(store);
        cache.Put("gone-1", 1, TimeSpan.FromMinutes(1));
        cache.Put("gone-2", 2, TimeSpan.FromMinutes(1));
        cache.Put("live", 3, TimeSpan.FromHours(1));
        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(2, await cache.PurgeExpiredAsync());

        Assert.Null(await store.GetAsync("gone-1"));
        Assert.NotNull(await store.GetAsync("live"));
        Assert.Equal(0, await cache.PurgeExpiredAsync());
    }

    public void Dispose()
    {
        _opened.ForEach(Close);
        _directory.Dispose();
    }
}

public sealed class SqlitePersistenceTests : PersistentStoreTests<SqliteCacheStore>
{
    protected override string Kind => "sqlite";

    protected override string LocationIn(string directory) => System.IO.Path.Combine(directory, "cache.db");

    protected override SqliteCacheStore Create(string location, int? maxEntries, long? maxBytes)
        => new(new SqliteCacheStoreOptions { DataSource = location, MaxEntries = maxEntries, MaxBytes = maxBytes }, Clock);
}

public sealed class FilePersistenceTests : PersistentStoreTests<FileCacheStore>
{
    protected override string Kind => "file";

    protected override string LocationIn(string directory) => System.IO.Path.Combine(directory, "cache");

    protected override FileCacheStore Create(string location, int? maxEntries, long? maxBytes)
        => new(new FileCacheStoreOptions { Directory = location, MaxEntries = maxEntries, MaxBytes = maxBytes }, Clock);
}
