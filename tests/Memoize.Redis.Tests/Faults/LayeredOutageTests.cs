using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.Stores;
using Microsoft.Extensions.Logging;

namespace Memoize.Redis.Tests.Faults;

/// <summary>
/// Invalidations made while Redis is unreachable from one process reach the others when it returns. Process A talks to
/// Redis through a <see cref="PartitionProxy"/> that the test cuts; process B (a second layered store on its own
/// connection, or a separate OS process) keeps its connection, its memory copies and Redis's data, as with a partition
/// that isolates only A. Time is the system clock: what is waited for is the reconnection, with a bounded poll, never
/// an entry's lifetime (L1 copies live 5 minutes, far longer than any test).
/// </summary>
[Collection(SingleRedisCollection.Name)]
public sealed class LayeredOutageTests(SingleRedisFixture redis) : IDisposable
{
    private static readonly TimeSpan s_recoveryBudget = TimeSpan.FromSeconds(30);

    private readonly string _namespace = "memoize-outage:" + Guid.NewGuid().ToString("N")[..12] + ":";
    private readonly CapturingLogger _logger = new();
    private readonly PartitionProxy _proxy = PartitionProxy.Start(redis.Server.Port);
    private RedisCacheStore? _remoteA;
    private RedisCacheStore? _remoteB;
    private LayeredCacheStore? _a;
    private LayeredCacheStore? _b;
    private CacheManager? _manager;

    [RedisFact]
    public async Task An_entry_forgotten_during_the_outage_is_no_longer_served_by_another_process_once_redis_returns()
    {
        (LayeredCacheStore a, LayeredCacheStore b) = await TwoProcessesAsync();
        long received = b.InvalidationsReceived;
        await a.SetAsync("k", Bytes("v1"), null);

        // A's put announces itself; once B has that notice, its memory copy of "k" stays until the next change.
        await WaitUntilAsync(() => Task.FromResult(b.InvalidationsReceived > received), "B received A's put notice");
        Assert.Equal("v1", await ReadAsync(b, "k"));
        long localHits = b.LocalHits;
        Assert.Equal("v1", await ReadAsync(b, "k"));
        Assert.Equal(localHits + 1, b.LocalHits);

        _proxy.Cut();
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.RemoveAsync("k").AsTask());
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.RemoveAsync("k").AsTask());

        // Forgotten twice, queued once. Meanwhile B still serves the old value, from its memory and from Redis.
        Assert.Equal(1, a.PendingInvalidations);
        Assert.Equal("v1", await ReadAsync(b, "k"));
        Assert.Equal("v1", await ReadAsync(b.Remote, "k"));

        _proxy.Restore();
        await WaitUntilAsync(async () => await ReadAsync(b, "k") is null, "B stopped serving the forgotten value");

        Assert.Null(await ReadAsync(b.Remote, "k"));
        Assert.Null(await ReadAsync(a, "k"));
        await WaitUntilAsync(() => Task.FromResult(a.PendingInvalidations == 0), "A's queue emptied");
        Assert.Contains(_logger.Entries, static e => e.Level == LogLevel.Information && e.Message.Contains("Carried out 1 cache invalidations", StringComparison.Ordinal));
    }

    [RedisFact]
    public async Task A_forget_during_the_outage_reaches_a_separate_os_process_after_redis_returns()
    {
        (LayeredCacheStore a, _) = await TwoProcessesAsync(withInProcessPeer: false);
        _manager = new CacheManager(new CacheManagerOptions { DefaultStore = "layered" });
        _manager.AddStore("layered", a);
        await _manager.PutAsync("shared", "v1");
        using PeerProcess b = await PeerProcess.StartAsync(redis.Configuration, _namespace);
        Assert.Equal("VALUE v1", await b.AskAsync("get shared"));
        Assert.Equal("VALUE v1", await b.AskAsync("get shared"));
        Assert.StartsWith("STATS 1 ", await b.AskAsync("stats"), StringComparison.Ordinal);

        _proxy.Cut();
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => _manager.ForgetAsync("shared").AsTask());
        Assert.Equal("VALUE v1", await b.AskAsync("get shared"));

        Assert.Equal("WATCHING", await b.AskAsync("watch shared v1"));
        _proxy.Restore();
        string changed = await b.ReadLineAsync(s_recoveryBudget);

        Assert.StartsWith("CHANGED MISS ", changed, StringComparison.Ordinal);
        Assert.Equal("MISS", await b.AskAsync("get shared"));
    }

    [RedisFact]
    public async Task After_a_stall_an_idle_store_carries_out_its_queued_forget_without_any_call_of_its_own()
    {
        (LayeredCacheStore a, LayeredCacheStore b) = await TwoProcessesAsync(operationTimeout: TimeSpan.FromMilliseconds(500));
        await a.SetAsync("k", Bytes("v1"), null);
        Assert.Equal("v1", await ReadAsync(b, "k"));

        // The link stalls rather than breaks: the forget times out, and no reconnection will say when it is over.
        _proxy.Freeze();
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.RemoveAsync("k").AsTask());
        Assert.Equal(1, a.PendingInvalidations);
        Assert.True(a.Remote.IsUnavailable);

        _proxy.Thaw();
        await WaitUntilAsync(async () => await ReadAsync(b, "k") is null, "B stopped serving the forgotten value while A made no call");

        Assert.Null(await ReadAsync(b.Remote, "k"));
        await WaitUntilAsync(() => Task.FromResult(a.PendingInvalidations == 0), "A's queue emptied");
    }

    [RedisFact]
    public async Task A_put_that_failed_during_the_outage_removes_the_value_it_would_have_replaced()
    {
        (LayeredCacheStore a, LayeredCacheStore b) = await TwoProcessesAsync();
        await a.SetAsync("k", Bytes("v1"), null);
        Assert.Equal("v1", await ReadAsync(b, "k"));

        _proxy.Cut();
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.SetAsync("k", Bytes("v2"), null).AsTask());
        Assert.Equal("v1", await ReadAsync(b, "k"));

        _proxy.Restore();
        await WaitUntilAsync(async () => await ReadAsync(b, "k") is null, "B stopped serving the replaced value");

        Assert.Null(await ReadAsync(b.Remote, "k"));
    }

    [RedisFact]
    public async Task A_flush_during_the_outage_empties_redis_and_every_process_memory_once_redis_returns()
    {
        (LayeredCacheStore a, LayeredCacheStore b) = await TwoProcessesAsync();
        await a.SetAsync("one", Bytes("1"), null);
        await a.SetAsync("two", Bytes("2"), null);
        Assert.Equal("1", await ReadAsync(b, "one"));
        Assert.Equal("2", await ReadAsync(b, "two"));

        _proxy.Cut();
        Assert.Throws<RedisStoreUnavailableException>(() => a.Remove("one"));
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.ClearAsync().AsTask());

        // The flush covers the forget queued before it.
        Assert.Equal(1, a.PendingInvalidations);
        Assert.Equal("2", await ReadAsync(b, "two"));

        _proxy.Restore();
        await WaitUntilAsync(async () => await ReadAsync(b, "one") is null && await ReadAsync(b, "two") is null, "B stopped serving the flushed values");

        Assert.Null(await ReadAsync(b.Remote, "one"));
        Assert.Null(await ReadAsync(b.Remote, "two"));
    }

    [RedisFact]
    public async Task A_tag_flush_during_the_outage_removes_just_the_tagged_entries_everywhere_once_redis_returns()
    {
        (LayeredCacheStore a, LayeredCacheStore b) = await TwoProcessesAsync();
        await a.SetAsync("tagged-1", Bytes("t1"), null);
        await a.SetAsync("tagged-2", Bytes("t2"), null);
        await a.SetAsync("untagged", Bytes("u"), null);
        await a.AddTagsAsync("tagged-1", ["users"], null);
        await a.AddTagsAsync("tagged-2", ["users"], null);
        Assert.Equal("t1", await ReadAsync(b, "tagged-1"));
        Assert.Equal("t2", await ReadAsync(b, "tagged-2"));
        Assert.Equal("u", await ReadAsync(b, "untagged"));

        _proxy.Cut();
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.FlushTagAsync("users").AsTask());
        Assert.Equal("t1", await ReadAsync(b, "tagged-1"));

        _proxy.Restore();
        await WaitUntilAsync(async () => await ReadAsync(b, "tagged-1") is null && await ReadAsync(b, "tagged-2") is null, "B stopped serving the tagged values");

        Assert.Null(await ReadAsync(b.Remote, "tagged-1"));
        Assert.Null(await ReadAsync(b.Remote, "tagged-2"));
        long localHits = b.LocalHits;
        Assert.Equal("u", await ReadAsync(b, "untagged"));
        Assert.Equal(localHits + 1, b.LocalHits);
    }

    [RedisFact]
    public async Task When_the_queue_overflows_the_oldest_are_dropped_counted_and_warned_once_and_a_flush_still_removes_them_everywhere()
    {
        (LayeredCacheStore a, LayeredCacheStore b) = await TwoProcessesAsync(maxPending: 2);
        string[] keys = ["k1", "k2", "k3", "bystander"];
        foreach (string key in keys)
        {
            await a.SetAsync(key, Bytes(key), null);
            Assert.Equal(key, await ReadAsync(b, key));
        }

        _proxy.Cut();
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.RemoveAsync("k1").AsTask());
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.RemoveAsync("k2").AsTask());
        Assert.Equal(2, a.PendingInvalidations);
        Assert.Equal(0, a.PendingInvalidationsDropped);

        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.RemoveAsync("k3").AsTask());
        Assert.Equal(3, a.PendingInvalidationsDropped);
        Assert.Equal(1, a.PendingInvalidations);
        await Assert.ThrowsAsync<RedisStoreUnavailableException>(() => a.RemoveAsync("k4").AsTask());
        Assert.Equal(3, a.PendingInvalidationsDropped);
        Assert.Single(_logger.Entries, static e => e.Level == LogLevel.Warning && e.Message.Contains("More than 2 cache invalidations", StringComparison.Ordinal));

        _proxy.Restore();
        await WaitUntilAsync(async () => (await Task.WhenAll(keys.Select(k => ReadAsync(b, k)))).All(static v => v is null), "B stopped serving every value");

        // The price of the bound: the flush that replaced the queue took the bystander too.
        foreach (string key in keys)
        {
            Assert.Null(await ReadAsync(b.Remote, key));
        }
    }

    [RedisFact]
    public void A_bound_below_one_is_refused_by_name()
    {
        using var remote = new RedisCacheStore(new RedisCacheStoreOptions { Configuration = redis.Configuration, KeyNamespace = _namespace });

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new LayeredCacheStore(remote, new LayeredCacheStoreOptions { MaxPendingInvalidations = 0 }));

        Assert.Equal("MaxPendingInvalidations", error.ParamName);
        Assert.Contains("LayeredCacheStoreOptions.MaxPendingInvalidations must be at least 1", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _manager?.Dispose();
        _a?.Dispose();
        _b?.Dispose();
        _remoteA?.Dispose();
        _remoteB?.Dispose();
        _proxy.Dispose();
    }

    private async Task<(LayeredCacheStore A, LayeredCacheStore B)> TwoProcessesAsync(int maxPending = 10_000, bool withInProcessPeer = true, TimeSpan? operationTimeout = null)
    {
        _remoteA = new RedisCacheStore(new RedisCacheStoreOptions
        {
            Configuration = _proxy.Endpoint,
            KeyNamespace = _namespace,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(3),
            BreakDuration = TimeSpan.FromMilliseconds(300),
        });
        _a = new LayeredCacheStore(_remoteA, new LayeredCacheStoreOptions { MaxPendingInvalidations = maxPending }, _logger);
        await ListeningAsync(_a);
        if (withInProcessPeer)
        {
            _remoteB = new RedisCacheStore(new RedisCacheStoreOptions { Configuration = redis.Configuration, KeyNamespace = _namespace });
            _b = new LayeredCacheStore(_remoteB);
            await ListeningAsync(_b);
        }

        return (_a, _b!);
    }

    private static async Task ListeningAsync(LayeredCacheStore store)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await store.GetAsync("warm-up");
                if (store.IsListening)
                {
                    return;
                }
            }
            catch (RedisStoreUnavailableException) when (waited.Elapsed < TimeSpan.FromSeconds(20))
            {
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the layered store did not start listening within 20 s");
            await Task.Delay(20);
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < s_recoveryBudget, $"Not within {s_recoveryBudget.TotalSeconds} s of Redis's return: {what}. Pending in A: {_a?.PendingInvalidations}; log: {_logger}");
            await Task.Delay(50);
        }
    }

    private static async Task<string?> ReadAsync(ICacheStore store, string key)
    {
        try
        {
            return await store.GetAsync(key) is { } found ? Encoding.UTF8.GetString(found.Value.Span) : null;
        }
        catch (RedisStoreUnavailableException)
        {
            return "<unavailable>";
        }
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
