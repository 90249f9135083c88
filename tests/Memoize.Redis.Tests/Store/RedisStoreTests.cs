using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.Stores;

namespace Memoize.Redis.Tests.Store;

/// <summary>
/// What the Redis store must do, run once against a single server and once against the 3-master cluster.
/// Each test works in its own key namespace, so the tests share the servers without seeing each other.
/// </summary>
public abstract class RedisStoreTests : IDisposable
{
    private readonly List<IDisposable> _disposables = [];

    protected RedisStoreTests()
    {
        Namespace = "memoize-test:" + Guid.NewGuid().ToString("N")[..12] + ":";
    }

    protected string Namespace { get; }

    protected abstract string Configuration { get; }

    /// <summary>Runs redis-cli against the server (following cluster redirects on a cluster).</summary>
    protected abstract string Cli(params string[] arguments);

    public void Dispose()
    {
        foreach (IDisposable disposable in _disposables)
        {
            disposable.Dispose();
        }
    }

    [RedisFact]
    public async Task A_put_value_reads_back_in_a_fresh_process_view()
    {
        CacheManager writer = NewManager(out _);
        await writer.PutAsync("user:1", new Person("Ada", 36));

        CacheManager reader = NewManager(out _);
        CacheResult<Person> result = await reader.TryGetAsync<Person>("user:1");

        Assert.True(result.Found);
        Assert.Equal(new Person("Ada", 36), result.Value);
    }

    [RedisFact]
    public async Task Redis_holds_the_time_to_live_that_was_asked_for()
    {
        CacheManager cache = NewManager(out _);
        await cache.PutAsync("ttl", 1, TimeSpan.FromSeconds(90));

        long ttl = long.Parse(Cli("pttl", Namespace + "ttl"), CultureInfo.InvariantCulture);

        Assert.InRange(ttl, 80_000, 90_000);
    }

    [RedisFact]
    public async Task An_entry_is_gone_once_its_time_to_live_has_passed()
    {
        CacheManager cache = NewManager(out _);
        await cache.PutAsync("short", "soon gone", TimeSpan.FromSeconds(1));
        Assert.True((await cache.TryGetAsync<string>("short")).Found);

        await Task.Delay(1500);

        Assert.False((await cache.TryGetAsync<string>("short")).Found);
        Assert.Equal("0", Cli("exists", Namespace + "short"));
    }

    [RedisFact]
    public async Task Forever_stores_without_expiry()
    {
        CacheManager cache = NewManager(out _);
        await cache.PutAsync("forever", 7, Timeout.InfiniteTimeSpan);

        Assert.Equal("-1", Cli("pttl", Namespace + "forever"));
        Assert.Equal(7, (await cache.TryGetAsync<int>("forever")).Value);
    }

    [RedisFact]
    public async Task Forget_removes_the_entry_and_reports_whether_it_existed()
    {
        CacheManager cache = NewManager(out _);
        await cache.PutAsync("gone", "x");

        Assert.True(await cache.ForgetAsync("gone"));
        Assert.False(await cache.ForgetAsync("gone"));
        Assert.False((await cache.TryGetAsync<string>("gone")).Found);
    }

    [RedisFact]
    public async Task Remember_computes_once_then_serves_from_redis()
    {
        CacheManager cache = NewManager(out _);
        int computed = 0;

        int first = await cache.RememberAsync("answer", TimeSpan.FromMinutes(1), _ => new ValueTask<int>(Interlocked.Increment(ref computed) * 42));
        int second = await NewManager(out RedisCacheStore other).RememberAsync("answer", TimeSpan.FromMinutes(1), _ => new ValueTask<int>(Interlocked.Increment(ref computed) * 42));

        Assert.Equal(42, first);
        Assert.Equal(42, second);
        Assert.Equal(1, computed);
        Assert.Equal(1, other.Hits);
    }

    [RedisFact]
    public async Task Flush_removes_every_key_of_the_namespace_on_every_node_and_nothing_else()
    {
        CacheManager cache = NewManager(out _);
        string outsider = "outside-" + Namespace;
        Cli("set", outsider, "keep me");
        for (int i = 0; i < 300; i++)
        {
            await cache.PutAsync("k" + i.ToString(CultureInfo.InvariantCulture), i);
        }

        await cache.FlushAsync();

        for (int i = 0; i < 300; i += 37)
        {
            Assert.False((await cache.TryGetAsync<int>("k" + i.ToString(CultureInfo.InvariantCulture))).Found);
        }

        Assert.Equal("keep me", Cli("get", outsider));
        Cli("del", outsider);
    }

    [RedisFact]
    public async Task Add_stores_only_when_the_key_is_absent()
    {
        RedisCacheStore store = NewStore();

        Assert.True(await store.AddAsync("add", Bytes("first"), DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.False(await store.AddAsync("add", Bytes("second"), DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal("first", Text((await store.GetAsync("add"))!.Value.Value));
    }

    [RedisFact]
    public async Task Increment_counts_atomically_and_keeps_the_time_to_live()
    {
        RedisCacheStore store = NewStore();
        Assert.Equal(5, await store.IncrementAsync("counter", 5, DateTimeOffset.UtcNow.AddSeconds(60)));
        long ttlAfterCreate = long.Parse(Cli("pttl", Namespace + "counter"), CultureInfo.InvariantCulture);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => store.IncrementAsync("counter", 1, DateTimeOffset.UtcNow.AddHours(5)).AsTask()));
        long ttlAfterIncrements = long.Parse(Cli("pttl", Namespace + "counter"), CultureInfo.InvariantCulture);

        Assert.Equal("55", Cli("hget", Namespace + "counter", "v"));
        Assert.InRange(ttlAfterCreate, 50_000, 60_000);
        Assert.InRange(ttlAfterIncrements, 1, ttlAfterCreate);
        Assert.Equal(-3, await store.IncrementAsync("fresh", -3, null));
        Assert.Equal("-1", Cli("pttl", Namespace + "fresh"));
    }

    [RedisFact]
    public async Task Pull_returns_the_value_once()
    {
        RedisCacheStore store = NewStore();
        await store.SetAsync("pull", Bytes("once"), DateTimeOffset.UtcNow.AddMinutes(1));

        StoredValue?[] pulls = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.PullAsync("pull").AsTask()));

        StoredValue winner = Assert.Single(pulls, static p => p is not null)!.Value;
        Assert.Equal("once", Text(winner.Value));
        Assert.NotNull(winner.ExpiresAt);
        Assert.Null(await store.GetAsync("pull"));
    }

    [RedisFact]
    public async Task Flushing_a_tag_removes_exactly_the_entries_that_carry_it()
    {
        RedisCacheStore store = NewStore();
        for (int i = 0; i < 20; i++)
        {
            string key = "item" + i.ToString(CultureInfo.InvariantCulture);
            await store.SetAsync(key, Bytes(key), null);
            await store.AddTagsAsync(key, i % 2 == 0 ? ["even", "all"] : ["all"], null);
        }

        long removed = await store.FlushTagAsync("even");

        Assert.Equal(10, removed);
        Assert.Null(await store.GetAsync("item0"));
        Assert.NotNull(await store.GetAsync("item1"));
        Assert.Equal(0, await store.FlushTagAsync("even"));
        Assert.Equal(10, await store.FlushTagAsync("all"));
    }

    [RedisFact]
    public async Task A_tag_set_expires_after_its_longest_lived_entry_and_never_while_one_never_expires()
    {
        CacheManager cache = NewManager(out _);
        string tagSet = Namespace + RedisCacheStore.TagSegment + "__memoize_tag__:" + "reports";

        await cache.Tags("reports").PutAsync("short", 1, TimeSpan.FromSeconds(30));
        long afterShort = long.Parse(Cli("pttl", tagSet), CultureInfo.InvariantCulture);
        await cache.Tags("reports").PutAsync("long", 2, TimeSpan.FromMinutes(10));
        long afterLong = long.Parse(Cli("pttl", tagSet), CultureInfo.InvariantCulture);
        await cache.Tags("reports").PutAsync("shorter", 3, TimeSpan.FromSeconds(5));
        long afterShorter = long.Parse(Cli("pttl", tagSet), CultureInfo.InvariantCulture);

        // The entry's lifetime plus the one-minute margin; a shorter entry never shortens it.
        Assert.InRange(afterShort, 85_000, 90_000);
        Assert.InRange(afterLong, 655_000, 660_000);
        Assert.InRange(afterShorter, 650_000, 660_000);

        await cache.Tags("reports").PutAsync("pinned", 4, Timeout.InfiniteTimeSpan);
        Assert.Equal("-1", Cli("pttl", tagSet));
        await cache.Tags("reports").PutAsync("later", 5, TimeSpan.FromSeconds(30));
        Assert.Equal("-1", Cli("pttl", tagSet));

        Assert.Equal(5, await cache.Tags("reports").FlushAsync());
        Assert.Equal("0", Cli("exists", tagSet));
    }

    [RedisFact]
    public async Task Enumerate_lists_the_live_entries_with_their_expiry_and_no_bookkeeping_keys()
    {
        RedisCacheStore store = NewStore();
        await store.SetAsync("a", Bytes("1"), DateTimeOffset.UtcNow.AddMinutes(5));
        await store.SetAsync("b", Bytes("2"), null);
        await store.AddTagsAsync("a", ["tag"], null);

        var entries = new Dictionary<string, StoredValue>();
        await foreach (KeyValuePair<string, StoredValue> entry in store.EnumerateAsync())
        {
            entries.Add(entry.Key, entry.Value);
        }

        Assert.Equal(["a", "b"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(entries["a"].ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6));
        Assert.Null(entries["b"].ExpiresAt);
    }

    [RedisFact]
    public async Task Sliding_expiration_extends_an_entry_that_is_read()
    {
        RedisCacheStore store = NewStore(o => o.SlidingExpiration = TimeSpan.FromMinutes(10));
        await store.SetAsync("slide", Bytes("x"), DateTimeOffset.UtcNow.AddSeconds(30));
        await store.SetAsync("fixed", Bytes("y"), null);

        await store.GetAsync("slide");
        await store.GetAsync("fixed");

        Assert.InRange(long.Parse(Cli("pttl", Namespace + "slide"), CultureInfo.InvariantCulture), 590_000, 600_000);
        Assert.Equal("-1", Cli("pttl", Namespace + "fixed"));
    }

    protected RedisCacheStore NewStore(Action<RedisCacheStoreOptions>? configure = null)
    {
        var options = new RedisCacheStoreOptions { Configuration = Configuration, KeyNamespace = Namespace, ConnectTimeout = TimeSpan.FromSeconds(15), OperationTimeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);
        var store = new RedisCacheStore(options);
        _disposables.Add(store);
        return store;
    }

    protected CacheManager NewManager(out RedisCacheStore store, Action<RedisCacheStoreOptions>? configure = null)
    {
        store = NewStore(configure);
        var manager = new CacheManager(new CacheManagerOptions { DefaultStore = "redis" });
        manager.AddStore("redis", store);
        _disposables.Add(manager);
        return manager;
    }

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    public sealed record Person(string Name, int Age);
}

[Collection(SingleRedisCollection.Name)]
public sealed class SingleRedisStoreTests(SingleRedisFixture redis) : RedisStoreTests
{
    protected override string Configuration => redis.Configuration;

    protected override string Cli(params string[] arguments) => RedisCli.Run(redis.Server.Port, arguments);

    [RedisFact]
    public async Task A_miss_reads_Redis_once_before_computing()
    {
        CacheManager cache = NewManager(out _);
        await cache.PutAsync("warm-up", 1);
        var method = new CachedMethod<ValueTuple<int>, int>("one-read", store: null, TimeSpan.FromMinutes(1), static (ref CacheKeyWriter writer, in ValueTuple<int> args) => writer.Write(args.Item1));
        Cli("config", "resetstat");

        int remembered = await cache.RememberAsync("missing", TimeSpan.FromMinutes(1), _ => new ValueTask<int>(7));
        int rememberedSync = cache.Remember("missing-sync", TimeSpan.FromMinutes(1), () => 8);
        int memoized = await method.InvokeAsync(cache, new ValueTuple<int>(9), 0, static (_, a, _) => Task.FromResult(a.Item1), CancellationToken.None);

        Assert.Equal((7, 8, 9), (remembered, rememberedSync, memoized));
        Assert.Equal(3, CommandCalls("hmget"));
    }

    /// <summary>How many times Redis ran <paramref name="command"/> since its statistics were reset.</summary>
    private long CommandCalls(string command)
    {
        string prefix = "cmdstat_" + command + ":calls=";
        string? line = Cli("info", "commandstats").Split('\n').Select(static l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[prefix.Length..line.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }
}

[Collection(RedisClusterCollection.Name)]
public sealed class ClusterRedisStoreTests(RedisClusterFixture cluster) : RedisStoreTests
{
    protected override string Configuration => cluster.Configuration;

    protected override string Cli(params string[] arguments) => RedisCli.Run(cluster.Nodes[0].Port, ["-c", .. arguments]);
}
