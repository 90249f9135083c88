using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Memoize.ReliabilityTests.Subjects;
using Memoize.ReliabilityTests.Support;
using Memoize.Testing;
using Memoize.Stores;

namespace Memoize.ReliabilityTests.Privacy;

/// <summary>
/// With <see cref="CacheManagerOptions.HashArgumentValues"/>, or on a <c>[Sensitive]</c> parameter, personal data
/// passed to a memoized method is nowhere in the store: not in key listings, not in the bytes of the database or the
/// cache files. Without either it is (the scan itself is checked).
/// </summary>
public sealed class ArgumentPrivacyTests : IDisposable
{
    private const string Email = "kari.nordmann@example.no";
    private readonly TempDirectory _directory = new();

    public static TheoryData<string> PersistentStores => new() { StoreKinds.Sqlite, StoreKinds.File };

    [Theory]
    [MemberData(nameof(PersistentStores))]
    public async Task Hashed_argument_values_never_reach_the_store(string kind)
    {
        using (CacheManager manager = StoreKinds.Create(kind, _directory, new CacheManagerOptions { HashArgumentValues = true }))
        {
            var accounts = new Accounts(manager);
            Assert.Equal(24_007, accounts.FindId(Email, 7));
            Assert.Equal(24_007, accounts.FindId(Email, 7));
            Assert.Equal(24_008, accounts.FindId(Email, 8));
            Assert.Equal(2, accounts.Calls); // still one entry per argument tuple

            string[] keys = await Keys(manager);
            Assert.Equal(2, keys.Length);
            Assert.All(keys, key => Assert.StartsWith("accounts:#", key, StringComparison.Ordinal));
            Assert.All(keys, key => Assert.DoesNotContain("example", key, StringComparison.Ordinal));
        }

        Assert.False(StoredBytesContain(Email), "the e-mail address is somewhere in the store's files");
    }

    [Theory]
    [MemberData(nameof(PersistentStores))]
    public async Task A_sensitive_parameter_never_reaches_the_store(string kind)
    {
        using (CacheManager manager = StoreKinds.Create(kind, _directory))
        {
            var accounts = new Accounts(manager);
            accounts.FindIdMarked(Email, 7);
            string key = Assert.Single(await Keys(manager));
            Assert.Matches("^accounts-sensitive:#[0-9a-f]{32}:7$", key);
        }

        Assert.False(StoredBytesContain(Email));
    }

    [Theory]
    [MemberData(nameof(PersistentStores))]
    public void Without_hashing_the_argument_is_in_the_store_which_is_what_the_scan_would_catch(string kind)
    {
        using (CacheManager manager = StoreKinds.Create(kind, _directory))
        {
            new Accounts(manager).FindId(Email, 7);
        }

        Assert.True(StoredBytesContain(Email));
    }

    [Fact]
    public void Hashing_keeps_hostile_arguments_apart()
    {
        using CacheManager manager = StoreKinds.Create(StoreKinds.Sqlite, _directory, new CacheManagerOptions { HashArgumentValues = true });
        var echo = new Echo(manager);
        foreach (string? text in Input.HostileArgumentTests.Texts.Take(60))
        {
            Assert.Equal(Echo.Expected(text, 1), echo.Describe(text, 1));
        }

        int calls = echo.Calls;
        foreach (string? text in Input.HostileArgumentTests.Texts.Take(60))
        {
            Assert.Equal(Input.HostileArgumentTests.AsSerialized(StoreKinds.Sqlite, Echo.Expected(text, 1)), echo.Describe(text, 1));
        }

        Assert.Equal(calls, echo.Calls);
    }

    private static async Task<string[]> Keys(CacheManager manager)
    {
        var keys = new List<string>();
        await foreach (KeyValuePair<string, StoredValue> entry in ((IEnumerableCacheStore)manager.Store(Echo.StoreName)).EnumerateAsync())
        {
            keys.Add(entry.Key);
        }

        return [.. keys];
    }

    private bool StoredBytesContain(string text)
    {
        byte[][] needles = [Encoding.UTF8.GetBytes(text), Encoding.Unicode.GetBytes(text)];
        return Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories)
            .Select(File.ReadAllBytes)
            .Any(bytes => needles.Any(needle => bytes.AsSpan().IndexOf(needle) >= 0));
    }

    public void Dispose() => _directory.Dispose();
}
