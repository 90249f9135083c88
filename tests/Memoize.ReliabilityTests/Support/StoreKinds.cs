using System;
using Memoize.Testing;

namespace Memoize.ReliabilityTests.Support;

/// <summary>Managers whose store named <c>target</c> is one kind of store, for tests that run on each.</summary>
public static class StoreKinds
{
    public const string Memory = "memory";
    public const string Sqlite = "sqlite";
    public const string File = "file";

    public static TheoryData<string> All => new() { Memory, Sqlite, File };

    /// <summary>A manager with the store kind <paramref name="kind"/> under the name <c>target</c>, kept in <paramref name="directory"/>.</summary>
    public static CacheManager Create(string kind, TempDirectory directory, CacheManagerOptions? options = null, Action<SqliteCacheStoreOptions>? sqlite = null)
    {
        var manager = new CacheManager(options);
        switch (kind)
        {
            case Memory:
                manager.AddStore(Subjects.Echo.StoreName, m => new MemoryCacheStore(timeProvider: m.TimeProvider));
                break;
            case Sqlite:
                var sqliteOptions = new SqliteCacheStoreOptions { DataSource = directory.File("cache.db") };
                sqlite?.Invoke(sqliteOptions);
                manager.AddStore(Subjects.Echo.StoreName, new SqliteCacheStore(sqliteOptions, manager.TimeProvider));
                break;
            case File:
                manager.AddStore(Subjects.Echo.StoreName, new FileCacheStore(new FileCacheStoreOptions { Directory = directory.File("files") }, manager.TimeProvider));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "memory, sqlite or file");
        }

        return manager;
    }
}
