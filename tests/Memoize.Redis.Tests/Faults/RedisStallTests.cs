using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Memoize.Redis.Tests.Faults;

/// <summary>
/// A redis-server stalled with DEBUG SLEEP (it accepts commands and answers none) against every public operation of
/// the store, synchronous and asynchronous: each one returns or fails within the operation timeout and a small
/// margin, and memoized calls return computed values.
/// </summary>
public sealed class RedisStallTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(500);

    // Scheduling on a busy 2-core machine: every operation below starts at once, and the sync ones on threads of their own.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(300);

    private readonly List<IDisposable> _disposables = [];
    private RedisServer? _server;

    [RedisFact]
    public async Task Every_operation_on_a_stalled_redis_returns_or_fails_within_the_operation_timeout_and_memoized_calls_compute()
    {
        _server = RedisServer.Start("--enable-debug-command", "yes");

        // An application's own multiplexer with timeouts far longer than the store's: the store still bounds each call.
        using ConnectionMultiplexer application = await ConnectionMultiplexer.ConnectAsync($"{_server.Endpoint},syncTimeout=10000,asyncTimeout=10000");

        // Each operation gets a store of its own (all on the process's one connection for this configuration), so each
        // meets Redis itself rather than a breaker another operation opened.
        List<Operation> Operations(TimeSpan timeout) =>
        [
            Direct(timeout, "get (TryGet)", c => c.TryGet("k", out int _)),
            DirectAsync(timeout, "get (TryGetAsync)", async c => await c.TryGetAsync<int>("k")),
            Direct(timeout, "has (Has)", c => c.Has("k")),
            DirectAsync(timeout, "has (HasAsync)", async c => await c.HasAsync("k")),
            Direct(timeout, "put (Put)", c => c.Put("k", 1)),
            DirectAsync(timeout, "put (PutAsync)", async c => await c.PutAsync("k", 1)),
            Direct(timeout, "add (Add)", c => c.Add("k", 1)),
            DirectAsync(timeout, "add (AddAsync)", async c => await c.AddAsync("k", 1)),
            Direct(timeout, "increment (Increment)", c => c.Increment("n")),
            DirectAsync(timeout, "increment (IncrementAsync)", async c => await c.IncrementAsync("n")),
            Direct(timeout, "pull (TryPull)", c => c.TryPull("k", out int _)),
            DirectAsync(timeout, "pull (TryPullAsync)", async c => await c.TryPullAsync<int>("k")),
            Direct(timeout, "forget (Forget)", c => c.Forget("k")),
            DirectAsync(timeout, "forget (ForgetAsync)", async c => await c.ForgetAsync("k")),
            Direct(timeout, "tags put (Tags.Put)", c => c.Tags("t").Put("k", 1)),
            DirectAsync(timeout, "tags put (Tags.PutAsync)", async c => await c.Tags("t").PutAsync("k", 1)),
            Direct(timeout, "tags flush (Tags.Flush)", c => c.Tags("t").Flush()),
            DirectAsync(timeout, "tags flush (Tags.FlushAsync)", async c => await c.Tags("t").FlushAsync()),
            Direct(timeout, "flush (Flush)", c => c.Flush()),
            DirectAsync(timeout, "flush (FlushAsync)", async c => await c.FlushAsync()),
            StoreAsync(timeout, "store AddTagsAsync", async s => await s.AddTagsAsync("memoize-stall:k", ["t"], null)),
            StoreAsync(timeout, "store FlushTagAsync", async s => await s.FlushTagAsync("t")),
            StoreAsync(timeout, "store EnumerateAsync", async s => await s.EnumerateAsync().GetAsyncEnumerator().MoveNextAsync()),
            StoreAsync(timeout, "compute lock (LockForComputeAsync)", async s => { if (await s.LockForComputeAsync("k") is { } held) { await held.DisposeAsync(); } }),
            StoreAsync(timeout, "ConnectAsync (the start-up check)", async s => await s.ConnectAsync(), fails: false),
            Memoized(timeout, "memoized sync call, compute lock on", s => Assert.Equal(49, new SquareService(s).Square(7))),
            MemoizedAsync(timeout, "memoized async call, compute lock on", async s => Assert.Equal(343, await new SquareService(s).CubeAsync(7))),
            Direct(timeout, "shared connection: get (TryGet)", c => c.TryGet("k", out int _), application),
            Direct(timeout, "shared connection: put (Put)", c => c.Put("k", 1), application),
            DirectAsync(timeout, "shared connection: get (TryGetAsync)", async c => await c.TryGetAsync<int>("k"), application),
            Memoized(timeout, "shared connection: memoized sync call", s => Assert.Equal(49, new SquareService(s).Square(7)), application),
        ];

        // Each operation runs once while Redis answers, on stores with a generous timeout, so the stall measures the
        // store rather than the first call's compilation, which on a busy machine can take longer than the margin.
        foreach (Operation operation in Operations(TimeSpan.FromSeconds(10)))
        {
            Outcome warm = await operation.Time();
            Assert.True(warm.Error is null, $"{operation.Name} failed before the stall: {warm.Error}");
        }

        List<Operation> operations = Operations(OperationTimeout);
        foreach (Operation operation in operations)
        {
            await operation.Store.ConnectAsync();
            Assert.False(operation.Store.IsUnavailable, $"{operation.Name}: the store did not connect before the stall");
        }

        Outcome[] outcomes;
        await using (await _server.PauseAsync(seconds: 3))
        {
            outcomes = await Task.WhenAll(operations.Select(static operation => operation.Time()));
        }

        var report = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Redis stalled 3 s, operation timeout {OperationTimeout.TotalMilliseconds:F0} ms:\n");
        foreach (Outcome outcome in outcomes.OrderByDescending(static o => o.Elapsed))
        {
            report.Append(CultureInfo.InvariantCulture, $"  {outcome.Elapsed.TotalMilliseconds,5:F0} ms  {outcome.Name}: {outcome.Error?.GetType().Name ?? "returned"}\n");
        }

        output.WriteLine(report.ToString());
        for (int i = 0; i < outcomes.Length; i++)
        {
            Outcome outcome = outcomes[i];
            Assert.True(outcome.Elapsed < OperationTimeout + Margin, $"{outcome.Name} took {outcome.Elapsed.TotalMilliseconds:F0} ms while Redis stalled.\n{report}");

            // The same accounting for every operation: one outage counted, the breaker open.
            RedisCacheStore store = operations[i].Store;
            Assert.True(store.Outages == 1 && store.Failures >= 1 && store.IsUnavailable, $"{outcome.Name}: outages {store.Outages}, failures {store.Failures}, breaker open {store.IsUnavailable}");
            if (outcome.MustFail)
            {
                // It failed because Redis did not answer in time: not a breaker another call opened, not a wrong value.
                RedisStoreUnavailableException error = Assert.IsType<RedisStoreUnavailableException>(outcome.Error);
                Assert.IsAssignableFrom<TimeoutException>(error.InnerException);
            }
            else
            {
                Assert.Null(outcome.Error);
            }
        }
    }

    public void Dispose()
    {
        foreach (IDisposable disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }

        _server?.Dispose();
    }

    private Operation Direct(TimeSpan timeout, string name, Action<ICache> call, IConnectionMultiplexer? shared = null)
    {
        (RedisCacheStore store, CacheManager manager) = NewStore(timeout, shared);
        return new Operation(name, store, () => RunOnOwnThread(() => call(manager.Cache("redis"))), MustFail: true);
    }

    private Operation DirectAsync(TimeSpan timeout, string name, Func<ICache, Task> call, IConnectionMultiplexer? shared = null)
    {
        (RedisCacheStore store, CacheManager manager) = NewStore(timeout, shared);
        return new Operation(name, store, () => call(manager.Cache("redis")), MustFail: true);
    }

    private Operation StoreAsync(TimeSpan timeout, string name, Func<RedisCacheStore, Task> call, bool fails = true)
    {
        (RedisCacheStore store, _) = NewStore(timeout, shared: null);
        return new Operation(name, store, () => call(store), MustFail: fails);
    }

    private Operation Memoized(TimeSpan timeout, string name, Action<CacheManager> call, IConnectionMultiplexer? shared = null)
    {
        (RedisCacheStore store, CacheManager manager) = NewStore(timeout, shared);
        return new Operation(name, store, () => RunOnOwnThread(() => call(manager)), MustFail: false);
    }

    private Operation MemoizedAsync(TimeSpan timeout, string name, Func<CacheManager, Task> call)
    {
        (RedisCacheStore store, CacheManager manager) = NewStore(timeout, shared: null);
        return new Operation(name, store, () => call(manager), MustFail: false);
    }

    private (RedisCacheStore Store, CacheManager Manager) NewStore(TimeSpan operationTimeout, IConnectionMultiplexer? shared)
    {
        var options = new RedisCacheStoreOptions
        {
            Configuration = _server!.Endpoint,
            KeyNamespace = "memoize-stall:",
            OperationTimeout = operationTimeout,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            BreakDuration = TimeSpan.FromSeconds(10),
            DistributedLock = true,
        };
        RedisCacheStore store = shared is null ? new RedisCacheStore(options) : new RedisCacheStore(shared, options);
        var manager = new CacheManager();
        manager.AddStore("redis", store);
        _disposables.Add(store);
        _disposables.Add(manager);
        return (store, manager);
    }

    private static Task RunOnOwnThread(Action call) => Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private sealed record Operation(string Name, RedisCacheStore Store, Func<Task> Run, bool MustFail)
    {
        public async Task<Outcome> Time()
        {
            var elapsed = Stopwatch.StartNew();
            try
            {
                await Run();
                return new Outcome(Name, elapsed.Elapsed, null, MustFail);
            }
            catch (Exception exception)
            {
                return new Outcome(Name, elapsed.Elapsed, exception, MustFail);
            }
        }
    }

    private sealed record Outcome(string Name, TimeSpan Elapsed, Exception? Error, bool MustFail);
}
