using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Memoize.Testing;

namespace Memoize.Stores.Tests;

/// <summary>
/// A failed eager refresh stores the current value again without its refresh moment, so the failing source is not
/// called on every hit. On a store with a round trip, a caller can read the entry as due before that write lands and
/// reach the flight table after the refresh has ended: it must not start a second refresh.
/// </summary>
public sealed class EagerRefreshRaceTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_caller_that_read_the_entry_as_due_before_a_failed_refresh_stored_it_again_starts_no_second_refresh()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new HeldStore();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = clock, DefaultStore = "subject" }).AddStore("subject", store);
        ICache cache = manager.Cache("subject");
        var options = new RememberOptions { EagerRefresh = 0.5 };
        int calls = 0;
        bool failing = false;
        ValueTask<string> Source(CancellationToken _)
        {
            Interlocked.Increment(ref calls);
            return Volatile.Read(ref failing) ? ValueTask.FromException<string>(new InvalidOperationException("source down")) : new ValueTask<string>("v1");
        }

        Assert.Equal("v1", await cache.RememberAsync("k", Ttl, options, Source));
        clock.Advance(TimeSpan.FromSeconds(40));
        Volatile.Write(ref failing, true);

        // The refresh fails at once; its write of the current value (without the refresh moment) waits.
        store.HoldWrites();
        Assert.Equal("v1", await cache.RememberAsync("k", Ttl, options, Source));
        await store.WriteHeld.WaitAsync(Patience);

        // Another caller reads the entry as it still is, due a refresh, and is held before it goes on.
        store.HoldNextRead();
        Task<string> late = cache.RememberAsync("k", Ttl, options, Source).AsTask();
        await store.ReadHeld.WaitAsync(Patience);

        // The write lands and the refresh ends; then the late caller goes on with what it read.
        store.ReleaseWrites();
        await Until(() => store.WritesDone == 2);
        await Task.Delay(50);
        store.ReleaseRead();

        Assert.Equal("v1", await late.WaitAsync(Patience));
        await Task.Delay(100);
        Assert.Equal(2, Volatile.Read(ref calls));
        Assert.Equal("v1", await cache.RememberAsync("k", Ttl, options, Source));
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    private static async Task Until(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Patience, "the condition did not hold within the patience of the test");
            await Task.Delay(5);
        }
    }

    /// <summary>A raw store whose writes, and one read, can be held: the round trips of a network store, made visible.</summary>
    private sealed class HeldStore : ICacheStore
    {
        private readonly RawOnlyStore _inner = new();
        private readonly TaskCompletionSource _writeHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _readHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _writeGate;
        private TaskCompletionSource? _readGate;
        private TaskCompletionSource? _heldRead;
        private int _writesDone;

        public Task WriteHeld => _writeHeld.Task;

        public Task ReadHeld => _readHeld.Task;

        public int WritesDone => Volatile.Read(ref _writesDone);

        public void HoldWrites() => _writeGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseWrites() => _writeGate?.TrySetResult();

        public void HoldNextRead() => _readGate = _heldRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseRead() => _heldRead?.TrySetResult();

        public async ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            // The value as it is now, returned only once the test lets the read go on.
            StoredValue? value = await _inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _readGate, null) is { } gate)
            {
                _readHeld.TrySetResult();
                await gate.Task.ConfigureAwait(false);
            }

            return value;
        }

        public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
        {
            if (_writeGate is { } gate)
            {
                _writeHeld.TrySetResult();
                await gate.Task.ConfigureAwait(false);
            }

            await _inner.SetAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _writesDone);
        }

        public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => _inner.RemoveAsync(key, cancellationToken);

        public ValueTask ClearAsync(CancellationToken cancellationToken = default) => _inner.ClearAsync(cancellationToken);
    }
}
