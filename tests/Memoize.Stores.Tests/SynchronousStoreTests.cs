using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;
using Memoize.Stores;

namespace Memoize.Stores.Tests;

/// <summary>
/// A store with a blocking form (<see cref="ISynchronousCacheStore"/>): synchronous calls use it and never block on the
/// asynchronous form, which here never completes, as a stalled server's would not.
/// </summary>
public sealed class SynchronousStoreTests
{
    private static readonly CachedMethod<ValueTuple<int>, string> s_describe =
        new("Describe", "blocking", TimeSpan.FromHours(1), static (ref CacheKeyWriter writer, in ValueTuple<int> args) => writer.Write(args.Item1));

    private int _calls;

    [Fact]
    public void Synchronous_api_and_memoized_methods_use_the_blocking_form_only()
    {
        var store = new BlockingOnlyStore();
        using CacheManager manager = new CacheManager().AddStore("blocking", store);
        ICache cache = manager.Cache("blocking");

        cache.Put("k", "v");
        Assert.True(cache.TryGet("k", out string? read));
        Assert.Equal("v", read);
        Assert.True(cache.Has("k"));
        Assert.Equal(7, cache.Remember("r", TimeSpan.FromMinutes(1), () => 7));
        Assert.Equal(7, cache.Remember("r", TimeSpan.FromMinutes(1), () => 8));
        Assert.Equal("#1", Describe(manager, 1));
        Assert.Equal("#1", Describe(manager, 1));
        Assert.True(cache.Forget("k"));
        Assert.False(cache.Has("k"));

        Assert.Equal(1, _calls);
        Assert.True(store.BlockingCalls >= 10, $"only {store.BlockingCalls} blocking calls");
    }

    [Fact]
    public async Task Asynchronous_calls_still_use_the_asynchronous_form()
    {
        var store = new BlockingOnlyStore();
        using CacheManager manager = new CacheManager().AddStore("blocking", store);

        ValueTask pending = manager.Cache("blocking").PutAsync("k", "v");

        Assert.False(pending.IsCompleted);
        store.ReleaseAsync();
        await pending;
        Assert.Equal("v", manager.Cache("blocking").Get<string>("k"));
    }

    [Fact]
    public void A_failing_blocking_read_is_a_miss_for_remember_and_memoized_methods()
    {
        var store = new BlockingOnlyStore { FailReads = true };
        using CacheManager manager = new CacheManager().AddStore("blocking", store);

        Assert.Equal("#2", Describe(manager, 2));
        Assert.Equal(3, manager.Cache("blocking").Remember("r", null, () => 3));

        Assert.Equal(1, _calls);
        Assert.True(manager.StoreFailures >= 2);
        Assert.Throws<TimeoutException>(() => manager.Cache("blocking").TryGet("r", out int _));
    }

    private string Describe(CacheManager manager, int id)
        => s_describe.Invoke(manager, new ValueTuple<int>(id), this, static (self, args) =>
        {
            Interlocked.Increment(ref self._calls);
            return "#" + args.Item1;
        });

    /// <summary>A store whose asynchronous form waits until released (failing after 5 s); its blocking form answers at once.</summary>
    private sealed class BlockingOnlyStore : ISynchronousCacheStore
    {
        private readonly ConcurrentDictionary<string, StoredValue> _entries = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _blockingCalls;

        public bool FailReads { get; init; }

        public int BlockingCalls => Volatile.Read(ref _blockingCalls);

        public void ReleaseAsync() => _released.TrySetResult();

        public StoredValue? Get(string key)
        {
            Interlocked.Increment(ref _blockingCalls);
            if (FailReads)
            {
                throw new TimeoutException("The store did not answer within its timeout.");
            }

            return _entries.TryGetValue(key, out StoredValue value) ? value : null;
        }

        public void Set(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt)
        {
            Interlocked.Increment(ref _blockingCalls);
            _entries[key] = new StoredValue(value.ToArray(), expiresAt);
        }

        public bool Remove(string key)
        {
            Interlocked.Increment(ref _blockingCalls);
            return _entries.TryRemove(key, out _);
        }

        public async ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return _entries.TryGetValue(key, out StoredValue value) ? value : null;
        }

        public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
        {
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            _entries[key] = new StoredValue(value.ToArray(), expiresAt);
        }

        public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
        {
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return _entries.TryRemove(key, out _);
        }

        public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
        {
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            _entries.Clear();
        }
    }
}
