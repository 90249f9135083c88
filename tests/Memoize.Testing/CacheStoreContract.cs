using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize.Testing;

/// <summary>
/// The contract of a store that keeps values, written once and run against every store (memory, file, SQLite,
/// Redis, and a custom store that implements only the four raw operations). Every feature of the cache API must
/// behave the same on all of them.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class CacheStoreContract<TStore> : CacheStoreBasicContract<TStore>
    where TStore : ICacheStore
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    /// <summary>Whether the store can list its entries (copy, and flush of a prefix inside a shared store).</summary>
    protected virtual bool CanListEntries => Store is IEnumerableCacheStore or IObjectCacheStore;

    [StoreFact]
    public async Task Values_of_every_shape_read_back_equal()
    {
        var structured = new ContractValue { Name = "Ada", Count = 3, Tags = ["x", "y"] };
        Cache.Put("string", "hello");
        Cache.Put("int", 42);
        Cache.Put("long", 5_000_000_000L);
        Cache.Put("negative", -17);
        Cache.Put("double", 2.5);
        Cache.Put("bool", true);
        Cache.Put("date", new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        await Cache.PutAsync("list", new List<int> { 1, 2, 3 });
        await Cache.PutAsync("structured", structured);

        Assert.Equal("hello", Cache.Get<string>("string"));
        Assert.Equal(42, Cache.Get<int>("int"));
        Assert.Equal(5_000_000_000L, Cache.Get<long>("long"));
        Assert.Equal(-17, await Cache.GetAsync<int>("negative"));
        Assert.Equal(2.5, Cache.Get<double>("double"));
        Assert.True(Cache.Get<bool>("bool"));
        Assert.Equal(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero), Cache.Get<DateTimeOffset>("date"));
        Assert.Equal([1, 2, 3], (await Cache.GetAsync<List<int>>("list"))!);
        ContractValue read = Cache.GetRequired<ContractValue>("structured");
        Assert.Equal(("Ada", 3), (read.Name, read.Count));
        Assert.Equal(["x", "y"], read.Tags);
    }

    [StoreFact]
    public async Task A_put_replaces_the_previous_value()
    {
        Cache.Put("k", "first");
        await Cache.PutAsync("k", "second");

        Assert.Equal("second", Cache.Get<string>("k"));
    }

    [StoreFact]
    public async Task A_null_value_is_a_hit()
    {
        Cache.Put<string?>("null", null);
        int calls = 0;

        Assert.True(Cache.TryGet("null", out string? value));
        Assert.Null(value);
        Assert.True(Cache.Has("null"));
        Assert.Null(Cache.Remember<string?>("computed-null", null, () => { calls++; return null; }));
        Assert.Null(await Cache.RememberAsync<string?>("computed-null", null, _ => { calls++; return new ValueTask<string?>((string?)null); }));
        Assert.Equal(1, calls);
    }

    [StoreFact]
    public void Get_with_a_default_factory_does_not_run_it_on_a_hit()
    {
        Cache.Put("k", "stored");

        Assert.Equal("stored", Cache.Get<string>("k", () => throw new InvalidOperationException("must not run")));
        Assert.Equal("stored", Cache.Get("k", "fallback"));
        Assert.Equal("stored", Cache.GetRequired<string>("k"));
    }

    [StoreFact]
    public void A_one_hour_value_is_present_at_3599_seconds_and_gone_at_3601()
    {
        Cache.Put("span", "v", OneHour);
        Cache.Put("minutes", "v", 60);
        Cache.Put("until", "v", Clock.GetUtcNow() + OneHour);
        Cache.Put("default", "v");
        Cache.Remember("remembered", 60, () => "v");
        Cache.Add("added", "v", OneHour);

        string[] keys = ["span", "minutes", "until", "default", "remembered", "added"];
        Clock.Advance(TimeSpan.FromSeconds(3599));
        Assert.All(keys, key => Assert.Equal("v", Cache.Get<string>(key)));

        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.All(keys, key => Assert.False(Cache.Has(key), key));
    }

    [StoreFact]
    public async Task Forever_values_survive_any_advance_of_the_clock()
    {
        Cache.Forever("forever", "v");
        await Cache.ForeverAsync("forever-async", 1);
        Assert.Equal("r", Cache.RememberForever("remembered", () => "r"));
        Cache.Put("infinite", "v", Timeout.InfiniteTimeSpan);
        Cache.Put("hour", "v", OneHour);

        Clock.Advance(TimeSpan.FromDays(3650));

        Assert.Equal("v", Cache.Get<string>("forever"));
        Assert.Equal(1, await Cache.GetAsync<int>("forever-async"));
        Assert.Equal("r", Cache.Get<string>("remembered"));
        Assert.Equal("v", Cache.Get<string>("infinite"));
        Assert.False(Cache.Has("hour"));
    }

    [StoreFact]
    public async Task A_lifetime_that_is_already_over_removes_the_previous_value()
    {
        Cache.Put("zero", "old");
        Cache.Put("negative", "old");
        Cache.Put("past", "old");

        Cache.Put("zero", "new", TimeSpan.Zero);
        await Cache.PutAsync("negative", "new", TimeSpan.FromSeconds(-1));
        Cache.Put("past", "new", Clock.GetUtcNow().AddMinutes(-1));

        Assert.False(Cache.Has("zero"));
        Assert.False(Cache.Has("negative"));
        Assert.False(Cache.Has("past"));
    }

    [StoreFact]
    public async Task Add_stores_only_when_the_key_is_absent_or_expired()
    {
        Assert.True(Cache.Add("k", "first", OneHour));
        Assert.False(Cache.Add("k", "second", OneHour));
        Assert.False(await Cache.AddAsync("k", "third", 30));
        Assert.Equal("first", Cache.Get<string>("k"));

        Clock.Advance(OneHour + TimeSpan.FromSeconds(1));

        Assert.True(await Cache.AddAsync("k", "after-expiry", Clock.GetUtcNow().AddMinutes(1)));
        Assert.Equal("after-expiry", Cache.Get<string>("k"));
    }

    [StoreFact]
    public async Task Of_many_concurrent_adds_exactly_one_stores()
    {
        Task<bool>[] adds = Enumerable.Range(0, 16)
            .Select(i => Task.Run(() => Cache.AddAsync("race", i, OneHour).AsTask()))
            .ToArray();

        bool[] results = await Task.WhenAll(adds);

        Assert.Single(results, stored => stored);
        int winner = Array.IndexOf(results, true);
        Assert.Equal(winner, Cache.Get<int>("race"));
    }

    [StoreFact]
    public async Task Forget_removes_a_value_and_reports_it_existed()
    {
        Cache.Put("a", 1);
        Cache.Put("b", 2);

        Assert.True(Cache.Forget("a"));
        Assert.True(await Cache.ForgetAsync("b"));

        Assert.False(Cache.Has("a"));
        Assert.False(Cache.Has("b"));
        Assert.False(Cache.Forget("a"));
    }

    [StoreFact]
    public async Task Pull_returns_the_value_and_removes_it()
    {
        Cache.Put("a", "va");
        Cache.Put("b", 2);

        Assert.Equal("va", Cache.Pull<string>("a"));
        Assert.Equal(2, await Cache.PullAsync<int>("b"));

        Assert.False(Cache.Has("a"));
        Assert.Null(Cache.Pull<string>("a"));
        Assert.Equal(0, await Cache.PullAsync<int>("b"));
    }

    [StoreFact]
    public async Task Increment_and_decrement_count_and_read_back_as_any_integer_type()
    {
        Assert.Equal(1, Cache.Increment("n"));
        Assert.Equal(11, await Cache.IncrementAsync("n", 10));
        Assert.Equal(8, Cache.Decrement("n", 3));
        Assert.Equal(7, await Cache.DecrementAsync("n"));

        Assert.Equal(7L, Cache.Get<long>("n"));
        Assert.Equal(7, Cache.Get<int>("n"));
    }

    [StoreFact]
    public void Increment_continues_from_a_value_put_as_an_int()
    {
        Cache.Put("n", 40);

        Assert.Equal(42, Cache.Increment("n", 2));
        Assert.Equal(42, Cache.Get<int>("n"));
    }

    [StoreFact]
    public void Increment_keeps_the_remaining_time_to_live()
    {
        Cache.Put("n", 10, OneHour);
        Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(15, Cache.Increment("n", 5));

        Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(15, Cache.Get<int>("n"));
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(Cache.Has("n"));
    }

    [StoreFact]
    public void Increment_of_a_missing_key_creates_an_entry_that_never_expires()
    {
        Cache.Increment("counter");

        Clock.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(2, Cache.Increment("counter"));
    }

    [StoreFact]
    public void Increment_of_an_expired_key_starts_again_from_zero()
    {
        Cache.Put("n", 100, OneHour);
        Clock.Advance(OneHour + TimeSpan.FromSeconds(1));

        Assert.Equal(1, Cache.Increment("n"));
    }

    [StoreFact]
    public void Increment_of_a_value_that_is_not_an_integer_fails_naming_the_key()
    {
        Cache.Put("name", "Ada");

        var error = Assert.Throws<InvalidOperationException>(() => Cache.Increment("name"));

        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an integer", error.Message, StringComparison.Ordinal);
        Assert.Equal("Ada", Cache.Get<string>("name"));
    }

    [StoreFact]
    public void Increment_past_the_largest_long_overflows()
    {
        Cache.Put("n", long.MaxValue);

        Assert.Throws<OverflowException>(() => Cache.Increment("n"));
        Assert.Equal(long.MaxValue, Cache.Get<long>("n"));
    }

    [StoreFact]
    public async Task Concurrent_increments_lose_no_update()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => Cache.IncrementAsync("hits").AsTask())));

        Assert.Equal(40, Cache.Get<long>("hits"));
    }

    [StoreFact]
    public async Task Remember_computes_once_then_returns_the_cached_value()
    {
        int calls = 0;

        Assert.Equal(1, Cache.Remember("k", OneHour, () => ++calls));
        Assert.Equal(1, await Cache.RememberAsync("k", OneHour, _ => new ValueTask<int>(++calls)));
        Clock.Advance(OneHour + TimeSpan.FromSeconds(1));
        Assert.Equal(2, Cache.Remember("k", OneHour, () => ++calls));
    }

    [StoreFact]
    public async Task Concurrent_remembers_of_one_key_share_a_single_computation()
    {
        int calls = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<int>[] callers = Enumerable.Range(0, 10)
            .Select(_ => Cache.RememberAsync("slow", null, async _ =>
            {
                Interlocked.Increment(ref calls);
                await release.Task;
                return 7;
            }).AsTask())
            .ToArray();
        release.SetResult();

        Assert.All(await Task.WhenAll(callers), value => Assert.Equal(7, value));
        Assert.Equal(1, calls);
    }

    [StoreFact]
    public async Task A_failing_factory_reaches_the_caller_and_caches_nothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Cache.RememberAsync<int>("k", null, _ => throw new InvalidOperationException("boom")).AsTask());

        Assert.False(Cache.Has("k"));
        Assert.Equal(3, Cache.Remember("k", null, () => 3));
    }

    [StoreFact]
    public async Task GetOrSet_stores_the_given_value_only_on_a_miss()
    {
        Assert.Equal("first", Cache.GetOrSet("k", "first"));
        Assert.Equal("first", await Cache.GetOrSetAsync("k", "second"));
        Assert.Equal("first", Cache.Get<string>("k"));
    }

    [StoreFact]
    public async Task Flush_removes_every_entry_of_the_store()
    {
        Cache.Put("a", 1);
        Cache.Forever("b", "two");
        Cache.Increment("c");

        await Cache.FlushAsync();

        Assert.False(Cache.Has("a"));
        Assert.False(Cache.Has("b"));
        Assert.False(Cache.Has("c"));
        Cache.Put("a", 2);
        Assert.Equal(2, Cache.Get<int>("a"));
    }

    [StoreFact]
    public void Flush_of_a_prefixed_registration_leaves_other_prefixes_of_the_same_store()
    {
        Manager.AddStore("tenant-a", Store, keyPrefix: "a:").AddStore("tenant-b", Store, keyPrefix: "b:");
        ICache a = Manager.Cache("tenant-a");
        ICache b = Manager.Cache("tenant-b");
        a.Put("k", "from a");
        b.Put("k", "from b");

        a.Flush();

        Assert.False(a.Has("k"));
        if (CanListEntries)
        {
            Assert.Equal("from b", b.Get<string>("k"));
        }
        else
        {
            // Documented: a store that cannot list its entries can only clear as a whole.
            Assert.False(b.Has("k"));
        }
    }

    [StoreFact]
    public void Keys_reach_the_store_with_the_managers_and_the_stores_prefixes()
    {
        var manager = new CacheManager(new CacheManagerOptions { TimeProvider = Clock, KeyPrefix = "app:" }).AddStore("s", Store, keyPrefix: "store:");

        manager.Cache("s").Put("k", "v");

        Assert.Equal("app:store:", manager.KeyPrefixOf("s"));
        Assert.True(ReadRaw("app:store:k"));
        Assert.False(ReadRaw("k"));
        Assert.False(Cache.Has("k"));
    }

    [StoreFact]
    public async Task Tag_flush_removes_only_the_entries_carrying_that_tag()
    {
        Cache.Tags("users", "eu").Put("ada", "Ada", OneHour);
        await Cache.Tags("users").PutAsync("bob", "Bob");
        Cache.Tags("orders").Forever("o1", 1);
        Cache.Put("plain", "untagged");

        Assert.Equal("Ada", Cache.Get<string>("ada"));
        Assert.Equal(1, Cache.Tags("eu").Flush());

        Assert.False(Cache.Has("ada"));
        Assert.Equal("Bob", Cache.Get<string>("bob"));
        Assert.Equal(1, Cache.Get<int>("o1"));
        Assert.Equal("untagged", Cache.Get<string>("plain"));

        await Cache.Tags("users").FlushAsync();

        Assert.False(Cache.Has("bob"));
        Assert.Equal(1, Cache.Get<int>("o1"));
        Assert.Equal("untagged", Cache.Get<string>("plain"));
    }

    [StoreFact]
    public async Task Tagged_remember_and_add_are_flushed_with_their_tag()
    {
        Assert.Equal(5, Cache.Tags("t").Remember("r", null, () => 5));
        Assert.True(await Cache.Tags("t").AddAsync("a", "v"));

        Cache.Tags("t").Flush();

        Assert.False(Cache.Has("r"));
        Assert.False(Cache.Has("a"));
    }

    [StoreFact]
    public async Task Copy_carries_every_live_entry_with_its_remaining_lifetime()
    {
        Manager.AddStore("destination", new MemoryCacheStore(timeProvider: Clock));
        ICache destination = Manager.Cache("destination");
        Cache.Put("hour", "h", OneHour);
        Cache.Put("two-hours", new ContractValue { Name = "n", Count = 2 }, TimeSpan.FromHours(2));
        Cache.Forever("forever", 12);
        Cache.Put("expired", "x", TimeSpan.FromMinutes(10));
        Clock.Advance(TimeSpan.FromMinutes(30));

        if (!CanListEntries)
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => Cache.CopyToAsync(destination).AsTask());
            return;
        }

        long copied = await Cache.CopyToAsync(destination);

        Assert.Equal(3, copied);
        Assert.False(destination.Has("expired"));
        Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal("h", destination.Get<string>("hour"));
        Assert.Equal(2, destination.GetRequired<ContractValue>("two-hours").Count);
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.False(destination.Has("hour"));
        Assert.True(destination.Has("two-hours"));
        Clock.Advance(TimeSpan.FromDays(365));
        Assert.Equal(12, destination.Get<int>("forever"));
    }

    [StoreFact]
    public async Task Purging_expired_entries_keeps_the_live_ones()
    {
        Cache.Put("short", 1, TimeSpan.FromMinutes(1));
        Cache.Put("long", 2, OneHour);
        Cache.Forever("forever", 3);
        Clock.Advance(TimeSpan.FromMinutes(2));

        long purged = await Cache.PurgeExpiredAsync();

        Assert.InRange(purged, 0, 1);
        Assert.Equal(2, Cache.Get<int>("long"));
        Assert.Equal(3, Cache.Get<int>("forever"));
        Assert.False(Cache.Has("short"));
    }

    [StoreFact]
    public async Task Bytes_that_are_not_a_cache_payload_are_a_miss_that_gets_overwritten()
    {
        string fullKey = Manager.KeyPrefixOf(SubjectName) + "k";
        await Store.SetAsync(fullKey, new byte[] { 0xCA, 0xCE, 0x4D, 99, 0, 1, 2 }, null);
        Assert.False(Cache.TryGet("k", out string _));

        await Store.SetAsync(fullKey, "{not json at all"u8.ToArray(), null);
        Assert.False(Cache.TryGet("k", out ContractValue _));
        Assert.Equal("computed", Cache.Remember("k", null, () => "computed"));

        Assert.Equal("computed", Cache.Get<string>("k"));
    }

    [StoreFact]
    public async Task A_value_read_as_another_type_is_a_miss_not_an_exception()
    {
        Cache.Put("k", new ContractValue { Name = "n" });

        Assert.False(Cache.TryGet("k", out int _));
        Assert.False((await Cache.TryGetAsync<List<int>>("k")).Found);
        Assert.Equal("n", Cache.GetRequired<ContractValue>("k").Name);
    }

    [StoreFact]
    public async Task A_value_written_as_another_type_or_an_older_shape_of_the_type_is_a_miss()
    {
        Cache.Put("other", new ContractOther("label", 7));
        await Cache.PutAsync("older", new ContractItemWithoutName(3));
        Cache.Put("item", new ContractItem(1, "one"));

        Assert.False(Cache.TryGet("other", out ContractItem _));
        Assert.False((await Cache.TryGetAsync<ContractItem>("older")).Found);
        Assert.False(Cache.Has("missing"));
        Assert.Equal(new ContractItem(2, "computed"), Cache.Remember("older", null, () => new ContractItem(2, "computed")));
        Assert.Equal(new ContractItem(1, "one"), Cache.GetRequired<ContractItem>("item"));
        Assert.Equal(new ContractOther("label", 7), Cache.GetRequired<ContractOther>("other"));
    }

    [StoreFact]
    public async Task Disable_hides_stored_values_and_a_nested_enable_shows_them_again()
    {
        Cache.Put("k", "v");

        using (Manager.Disable())
        {
            Assert.False(Cache.Has("k"));
            Assert.Equal(9, Cache.Remember("k", null, () => 9));
            using (Manager.Enable())
            {
                await Task.Yield();
                Assert.Equal("v", Cache.Get<string>("k"));
            }

            Assert.Null(Cache.Get<string>("k"));
            Assert.False(Cache.Forget("k"));
        }

        Assert.Equal("v", Cache.Get<string>("k"));
    }

    [StoreFact]
    public async Task Many_threads_reading_and_writing_see_consistent_values()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (int i = 0; i < 25; i++)
            {
                string key = $"w{worker}-{i % 5}";
                await Cache.PutAsync(key, $"{worker}:{i}");
                string? read = await Cache.GetAsync<string>(key);
                Assert.NotNull(read);
                Assert.StartsWith($"{worker}:", read, StringComparison.Ordinal);
            }
        })));
    }

    /// <summary>Whether the raw store holds anything under <paramref name="fullKey"/>.</summary>
    private bool ReadRaw(string fullKey)
        => Store is IObjectCacheStore objects
            ? objects.TryGetObject(fullKey, out _)
            : Store.GetAsync(fullKey).AsTask().GetAwaiter().GetResult() is not null;
}
