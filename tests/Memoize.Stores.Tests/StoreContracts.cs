using System;
using System.Threading.Tasks;
using Memoize.Testing;

namespace Memoize.Stores.Tests;

/// <summary>The store contract against the memory store.</summary>
public sealed class MemoryStoreContractTests : CacheStoreContract<MemoryCacheStore>
{
    protected override MemoryCacheStore CreateStore(TimeProvider clock) => new(timeProvider: clock);
}

/// <summary>The store contract against a custom store that implements only the four raw operations.</summary>
public sealed class RawOnlyStoreContractTests : CacheStoreContract<RawOnlyStore>
{
    protected override RawOnlyStore CreateStore(TimeProvider clock) => new();
}

/// <summary>The store contract against the file store.</summary>
public sealed class FileStoreContractTests : CacheStoreContract<FileCacheStore>
{
    private readonly TempDirectory _directory = new();

    protected override FileCacheStore CreateStore(TimeProvider clock) => new(new FileCacheStoreOptions { Directory = _directory.Path }, clock);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>The parts of the contract that apply to the null store, and what it does instead of storing.</summary>
public sealed class NullStoreContractTests : CacheStoreBasicContract<NullCacheStore>
{
    protected override NullCacheStore CreateStore(TimeProvider clock) => NullCacheStore.Instance;

    [Fact]
    public async Task Nothing_put_is_ever_read_back_and_remember_computes_every_time()
    {
        int calls = 0;
        Cache.Put("k", "v");
        Cache.Forever("f", 1);
        Cache.Tags("t").Put("tagged", "v");

        Assert.False(Cache.Has("k"));
        Assert.False(Cache.Has("f"));
        Assert.False(Cache.Has("tagged"));
        Assert.Equal(1, Cache.Remember("r", null, () => ++calls));
        Assert.Equal(2, await Cache.RememberAsync("r", null, _ => new ValueTask<int>(++calls)));
        Assert.Equal(1, Cache.Increment("n"));
        Assert.Equal(1, Cache.Increment("n"));
    }

    [Fact]
    public void Every_manager_has_a_null_store()
    {
        var manager = new CacheManager();

        manager.Cache("null").Put("k", "v");

        Assert.False(manager.Cache("null").Has("k"));
        Assert.Contains(CacheManager.NullStoreName, manager.StoreNames);
    }
}

/// <summary>The store contract against SQLite on a database file.</summary>
public sealed class SqliteFileStoreContractTests : CacheStoreContract<SqliteCacheStore>
{
    private readonly TempDirectory _directory = new();

    protected override SqliteCacheStore CreateStore(TimeProvider clock)
        => new(new SqliteCacheStoreOptions { DataSource = _directory.File("cache.db") }, clock);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>The store contract against an in-memory SQLite database.</summary>
public sealed class SqliteInMemoryStoreContractTests : CacheStoreContract<SqliteCacheStore>
{
    protected override SqliteCacheStore CreateStore(TimeProvider clock) => new(timeProvider: clock);
}
