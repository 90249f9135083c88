using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Testing;

namespace Memoize.Stores.Tests;

/// <summary>What is particular to the file store: its files on disk.</summary>
public sealed class FileStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private ICache Open(out FileCacheStore store)
    {
        store = new FileCacheStore(new FileCacheStoreOptions { Directory = _directory.Path });
        return new CacheManager().AddStore("files", store).Cache("files");
    }

    [Fact]
    public void Each_key_is_one_file_named_by_a_hash_never_by_the_key()
    {
        ICache cache = Open(out _);

        cache.Put("users/42?secret", "v");
        cache.Put("other", "w");

        string[] files = Directory.GetFiles(_directory.Path, "*.mzc", SearchOption.AllDirectories);
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.Matches("^[0-9a-f]{64}\\.mzc$", Path.GetFileName(f)));
        Assert.DoesNotContain(files, f => f.Contains("users", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writes_leave_no_temporary_files_behind()
    {
        ICache cache = Open(out _);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => cache.PutAsync($"k{i % 4}", i).AsTask()));

        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.Equal(4, Directory.GetFiles(_directory.Path, "*.mzc", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Flush_deletes_only_the_stores_own_files()
    {
        ICache cache = Open(out _);
        string foreign = Path.Combine(_directory.Path, "notes.txt");
        File.WriteAllText(foreign, "keep me");
        cache.Put("k", "v");

        cache.Flush();

        Assert.False(cache.Has("k"));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public void A_truncated_file_is_a_miss_that_gets_rewritten()
    {
        ICache cache = Open(out _);
        cache.Put("k", "value");
        string file = Directory.GetFiles(_directory.Path, "*.mzc", SearchOption.AllDirectories).Single();
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..10]);

        Assert.False(cache.Has("k"));
        Assert.Equal("again", cache.Remember("k", null, () => "again"));
        Assert.Equal("again", cache.Get<string>("k"));
    }

    [Fact]
    public async Task Threads_writing_the_first_entries_of_a_directory_at_once_all_succeed()
    {
        string[] keys = KeysOfOneShard(8);
        for (int round = 0; round < 40; round++)
        {
            var store = new FileCacheStore(new FileCacheStoreOptions { Directory = _directory.File("round" + round) });
            var start = new Barrier(keys.Length);
            var failures = new ConcurrentQueue<Exception>();
            Thread[] writers = keys.Select((key, i) => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    store.SetAsync(key, new byte[] { (byte)i }, null).AsTask().GetAwaiter().GetResult();
                }
                catch (Exception exception)
                {
                    failures.Enqueue(exception);
                }
            })).ToArray();
            Array.ForEach(writers, w => w.Start());
            Array.ForEach(writers, w => w.Join());

            Assert.Empty(failures);
            for (int i = 0; i < keys.Length; i++)
            {
                Assert.Equal((byte)i, (await store.GetAsync(keys[i]))!.Value.Value.Span[0]);
            }
        }
    }

    /// <summary>Keys whose files go to one directory (the first two hex digits of the SHA-256 of the key).</summary>
    private static string[] KeysOfOneShard(int count)
    {
        var keys = new List<string>();
        for (int i = 0; keys.Count < count; i++)
        {
            string key = "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (SHA256.HashData(Encoding.UTF8.GetBytes(key))[0] == 0x2a)
            {
                keys.Add(key);
            }
        }

        return [.. keys];
    }

    [Fact]
    public void Options_are_checked_with_messages_naming_them()
    {
        Assert.Contains("Directory", Assert.Throws<ArgumentException>(() => new FileCacheStore(new FileCacheStoreOptions())).Message, StringComparison.Ordinal);
        Assert.Contains("MaxBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new FileCacheStore(new FileCacheStoreOptions { Directory = _directory.Path, MaxBytes = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("MaxEntries", Assert.Throws<ArgumentOutOfRangeException>(() => new FileCacheStore(new FileCacheStoreOptions { Directory = _directory.Path, MaxEntries = -1 })).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
