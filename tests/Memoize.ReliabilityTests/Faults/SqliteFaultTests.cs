using System;
using System.IO;
using System.Threading.Tasks;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Memoize.Testing;
using Microsoft.Data.Sqlite;

namespace Memoize.ReliabilityTests.Faults;

/// <summary>
/// The SQLite database file is deleted, locked or overwritten with garbage while memoized calls use it: every call
/// still returns its own value, the store opens a new database when the old one is unusable, and it says so.
/// </summary>
public sealed class SqliteFaultTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => _directory.File("cache.db");

    [Fact]
    public void A_deleted_database_file_is_recreated_and_calls_keep_their_values()
    {
        using CacheManager manager = StoreKinds.Create(StoreKinds.Sqlite, _directory);
        var echo = new Echo(manager);
        Assert.Equal(Echo.Expected("a", 1), echo.Describe("a", 1));

        DeleteDatabaseFiles();
        System.Threading.Thread.Sleep(1100); // the store looks for its file at most once a second

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(Echo.Expected("b", i), echo.Describe("b", i));
        }

        Assert.Equal(Echo.Expected("a", 1), echo.Describe("a", 1));
        var store = (SqliteCacheStore)manager.Store(Echo.StoreName);
        Assert.True(store.Resets >= 1, "the store reports that it opened a new database");
        Assert.True(File.Exists(DatabasePath), "a new database file exists where the old one was");

        int calls = echo.Calls;
        Assert.Equal(Echo.Expected("b", 7), echo.Describe("b", 7));
        Assert.Equal(calls, echo.Calls); // the new database caches again
    }

    [Fact]
    public void Garbage_written_over_the_open_database_is_replaced_and_calls_keep_their_values()
    {
        using CacheManager manager = StoreKinds.Create(StoreKinds.Sqlite, _directory);
        var echo = new Echo(manager);
        for (int i = 0; i < 50; i++)
        {
            echo.Describe("before", i);
        }

        OverwriteWithGarbage(DatabasePath);

        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(Echo.Expected("before", i), echo.Describe("before", i));
            Assert.Equal(Echo.Expected("after", i), echo.Describe("after", i));
        }

        var store = (SqliteCacheStore)manager.Store(Echo.StoreName);
        Assert.True(store.Resets >= 1, "the store reports that it replaced the database");
        Assert.NotNull(store.LastResetReason);
        int calls = echo.Calls;
        Assert.Equal(Echo.Expected("after", 3), echo.Describe("after", 3));
        Assert.Equal(calls, echo.Calls);
    }

    [Fact]
    public void A_store_opened_on_a_file_that_is_not_a_database_starts_empty_and_says_so()
    {
        File.WriteAllBytes(DatabasePath, RandomBytes(64 * 1024));

        using CacheManager manager = StoreKinds.Create(StoreKinds.Sqlite, _directory);
        var store = (SqliteCacheStore)manager.Store(Echo.StoreName);
        var echo = new Echo(manager);

        Assert.Equal(Echo.Expected("x", 1), echo.Describe("x", 1));
        Assert.Equal(Echo.Expected("x", 1), echo.Describe("x", 1));
        Assert.Equal(1, echo.Calls);
        Assert.Equal(1, store.Resets);
        Assert.Contains("not a database", store.LastResetReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_database_locked_by_another_connection_makes_calls_compute_and_count_failures_until_it_is_released()
    {
        using CacheManager manager = StoreKinds.Create(StoreKinds.Sqlite, _directory, sqlite: o => o.BusyTimeoutMilliseconds = 200);
        var echo = new Echo(manager);
        echo.Describe("warm", 0);

        // Another connection (as another process would) takes the exclusive write lock and keeps it.
        using (var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            holder.Open();
            using (SqliteCommand begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                begin.ExecuteNonQuery();
            }

            long failuresBefore = manager.StoreFailures;
            Task<string>[] calls = new Task<string>[3];
            for (int i = 0; i < calls.Length; i++)
            {
                int n = i;
                calls[i] = Task.Run(() => echo.Describe("locked", n));
            }

            string[] results = await Task.WhenAll(calls);
            for (int i = 0; i < results.Length; i++)
            {
                Assert.Equal(Echo.Expected("locked", i), results[i]);
            }

            Assert.True(manager.StoreFailures > failuresBefore, "writes that waited out the lock are counted as store failures");
            Assert.Equal(Echo.Expected("warm", 0), echo.Describe("warm", 0));

            using SqliteCommand rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        int calls2 = echo.Calls;
        echo.Describe("released", 1);
        echo.Describe("released", 1);
        Assert.Equal(calls2 + 1, echo.Calls); // caching works again once the lock is gone
        var store = (SqliteCacheStore)manager.Store(Echo.StoreName);
        Assert.Equal(0, store.Resets); // a lock is not damage: nothing was thrown away
    }

    private void DeleteDatabaseFiles()
    {
        foreach (string suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }

    internal static void OverwriteWithGarbage(string path)
    {
        long length = Math.Max(new FileInfo(path).Length, 8192);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(RandomBytes((int)length));
        stream.Flush(flushToDisk: true);
        foreach (string suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                using var journal = new FileStream(path + suffix, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                journal.Write(RandomBytes((int)Math.Max(journal.Length, 4096)));
            }
        }
    }

    private static byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(20261121).NextBytes(bytes);
        return bytes;
    }

    public void Dispose() => _directory.Dispose();
}
