using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Infrastructure;

namespace Memoize.Redis.Tests.CrossProcess;

/// <summary>Layered stores in separate OS processes sharing one Redis: this test process is A, the peers are B, C...</summary>
[Collection(SingleRedisCollection.Name)]
public sealed class CrossProcessTests(SingleRedisFixture redis) : IDisposable
{
    private static readonly TimeSpan s_invalidationBudget = TimeSpan.FromMilliseconds(100);

    private readonly string _namespace = "memoize-xp:" + Guid.NewGuid().ToString("N")[..12] + ":";
    private RedisCacheStore? _remote;
    private LayeredCacheStore? _layered;
    private CacheManager? _manager;

    [RedisFact]
    public async Task When_A_puts_a_new_value_B_stops_serving_its_local_copy_within_100_ms()
    {
        CacheManager a = ProcessA();
        await a.PutAsync("shared", "v1");
        using PeerProcess b = await PeerProcess.StartAsync(redis.Configuration, _namespace);
        Assert.Equal("VALUE v1", await b.AskAsync("get shared"));

        // Changed behind every layered store's back: B keeps serving its local copy, which proves it has one.
        RedisCli.Run(redis.Server.Port, "set", _namespace + "shared", "\"changed-behind-the-back\"");
        Assert.Equal("VALUE v1", await b.AskAsync("get shared"));

        Assert.Equal("WATCHING", await b.AskAsync("watch shared v1"));
        await a.PutAsync("shared", "v2");
        long changedAt = Stopwatch.GetTimestamp();
        (string changed, TimeSpan stale) = Observed(await b.ReadLineAsync(TimeSpan.FromSeconds(5)), changedAt);

        Assert.Equal("CHANGED v2", changed);
        Assert.True(stale < s_invalidationBudget, $"B served the old value for {stale.TotalMilliseconds:0.0} ms after A's put.");
    }

    [RedisFact]
    public async Task When_A_forgets_an_entry_B_stops_serving_it_within_100_ms()
    {
        CacheManager a = ProcessA();
        await a.PutAsync("shared", "v1");
        using PeerProcess b = await PeerProcess.StartAsync(redis.Configuration, _namespace);
        Assert.Equal("VALUE v1", await b.AskAsync("get shared"));
        Assert.Equal("VALUE v1", await b.AskAsync("get shared"));
        Assert.StartsWith("STATS 1 ", await b.AskAsync("stats"), StringComparison.Ordinal);

        Assert.Equal("WATCHING", await b.AskAsync("watch shared v1"));
        Assert.True(await a.ForgetAsync("shared"));
        long forgottenAt = Stopwatch.GetTimestamp();
        (string changed, TimeSpan stale) = Observed(await b.ReadLineAsync(TimeSpan.FromSeconds(5)), forgottenAt);

        Assert.Equal("CHANGED MISS", changed);
        Assert.True(stale < s_invalidationBudget, $"B served the forgotten value for {stale.TotalMilliseconds:0.0} ms after A's forget.");
    }

    [RedisFact]
    public async Task When_A_flushes_B_stops_serving_every_local_copy()
    {
        CacheManager a = ProcessA();
        await a.PutAsync("one", "1");
        using PeerProcess b = await PeerProcess.StartAsync(redis.Configuration, _namespace);
        Assert.Equal("VALUE 1", await b.AskAsync("get one"));

        Assert.Equal("WATCHING", await b.AskAsync("watch one 1"));
        await a.FlushAsync();
        long flushedAt = Stopwatch.GetTimestamp();
        (string changed, TimeSpan stale) = Observed(await b.ReadLineAsync(TimeSpan.FromSeconds(5)), flushedAt);

        Assert.Equal("CHANGED MISS", changed);
        Assert.True(stale < s_invalidationBudget, $"B served the flushed value for {stale.TotalMilliseconds:0.0} ms after A's flush.");
    }

    [RedisFact]
    public async Task Four_processes_with_25_callers_each_compute_a_cold_key_once_with_the_distributed_lock()
    {
        (int runs, string[] values) = await StampedeAsync(useLock: true);

        Assert.Equal(1, runs);
        Assert.Single(values);
    }

    [RedisFact]
    public async Task Without_the_distributed_lock_each_process_computes_the_cold_key()
    {
        (int runs, _) = await StampedeAsync(useLock: false);

        // Inside a process the 25 callers still share one computation; across processes nothing coordinates.
        Assert.InRange(runs, 2, 4);
    }

    /// <summary>
    /// Splits B's report into what it saw and how long after A's change it saw it. Both processes read the same
    /// monotonic clock, so the time B's report spends in the pipe is not counted against the store.
    /// </summary>
    private static (string Changed, TimeSpan Stale) Observed(string report, long changedAt)
    {
        int lastSpace = report.LastIndexOf(' ');
        long seenAt = long.Parse(report[(lastSpace + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return (report[..lastSpace], Stopwatch.GetElapsedTime(changedAt, seenAt));
    }

    public void Dispose()
    {
        _manager?.Dispose();
        _layered?.Dispose();
        _remote?.Dispose();
    }

    private async Task<(int Runs, string[] Values)> StampedeAsync(bool useLock)
    {
        PeerProcess[] peers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PeerProcess.StartAsync(redis.Configuration, _namespace, useLock)));
        try
        {
            foreach (PeerProcess peer in peers)
            {
                peer.Send("stampede cold 25");
            }

            string[] replies = await Task.WhenAll(peers.Select(static p => p.ReadLineAsync(TimeSpan.FromSeconds(60))));
            int runs = replies.Sum(static r => int.Parse(r.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
            string[] values = replies.SelectMany(static r => r.Split(' ')[3].Split(',')).Distinct().ToArray();
            return (runs, values);
        }
        finally
        {
            foreach (PeerProcess peer in peers)
            {
                peer.Dispose();
            }
        }
    }

    private CacheManager ProcessA()
    {
        _remote = new RedisCacheStore(new RedisCacheStoreOptions { Configuration = redis.Configuration, KeyNamespace = _namespace });
        _layered = new LayeredCacheStore(_remote);
        _manager = new CacheManager(new CacheManagerOptions { DefaultStore = "layered" });
        _manager.AddStore("layered", _layered);
        return _manager;
    }
}
