using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;
using Memoize.Stores;

namespace Memoize.Testing;

/// <summary>
/// Fail-safe, soft and hard factory timeouts, eager refresh and jitter, as a user sees them, against one store: through
/// <c>RememberAsync</c> with <see cref="RememberOptions"/> and through a memoized method (<see cref="CachedMethod{TArgs, TResult}"/>,
/// the object generated code holds). Time is a <see cref="FakeTimeProvider"/>: lifetimes pass by advancing it, and
/// timeouts fire when a test advances it past them. Derive a test class per store and implement <see cref="CreateStore"/>.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class ResilienceContract<TStore> : StoreUnderTest<TStore>
    where TStore : ICacheStore
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [StoreFact]
    public async Task Fail_safe_serves_the_last_good_value_while_the_source_is_down_calling_it_once_per_throttle_window()
    {
        var source = new Source("good");
        var options = new RememberOptions { FailSafeMinutes = 10, FailSafeThrottleSeconds = 30 };
        Assert.Equal("good", await Remember(source, options));

        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        source.Fail();
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("good", await Remember(source, options));
        }

        Assert.Equal(2, source.Calls);

        Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("good", await Remember(source, options));
        Assert.Equal("good", await Remember(source, options));
        Assert.Equal(3, source.Calls);

        source.Succeed("back");
        Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("back", await Remember(source, options));
        Assert.Equal(4, source.Calls);
    }

    [StoreFact]
    public async Task Fail_safe_on_a_memoized_method_serves_the_last_good_result()
    {
        var source = new Source("good");
        CachedMethod<int, string> method = Method(new RememberOptions { FailSafeMinutes = 10 });
        Assert.Equal("good", await Invoke(method, source, 7));

        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        source.Fail();

        Assert.Equal("good", await Invoke(method, source, 7));
        Assert.Equal("good", await Invoke(method, source, 7));
        Assert.Equal(2, source.Calls);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Invoke(method, source, 8));
    }

    [StoreFact]
    public async Task Past_the_fail_safe_margin_or_without_a_kept_value_the_failure_reaches_the_caller()
    {
        var source = new Source("good");
        var options = new RememberOptions { FailSafeMinutes = 10 };
        source.Fail();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Remember(source, options));

        source.Succeed("good");
        Assert.Equal("good", await Remember(source, options));
        Clock.Advance(Ttl + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        source.Fail();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Remember(source, options));
    }

    [StoreFact]
    public async Task A_stale_value_kept_by_fail_safe_is_absent_to_the_string_api()
    {
        var source = new Source("good");
        var options = new RememberOptions { FailSafeMinutes = 10 };
        Assert.Equal("good", await Remember(source, options));
        Assert.True(Cache.Has("k"));
        Assert.Equal("good", Cache.Get<string>("k"));

        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));

        Assert.False(Cache.Has("k"));
        Assert.False(await Cache.HasAsync("k"));
        Assert.Null(Cache.Get<string>("k"));
        Assert.False((await Cache.TryGetAsync<string>("k")).Found);
        source.Fail();
        Assert.Equal("good", await Remember(source, options));
    }

    [StoreFact]
    public async Task Purging_expired_entries_keeps_fail_safe_fallbacks_until_their_margin_ends()
    {
        var source = new Source("good");
        var options = new RememberOptions { FailSafeMinutes = 10 };
        Assert.Equal("good", await Remember(source, options));
        Clock.Advance(Ttl + TimeSpan.FromMinutes(2));

        await Cache.PurgeExpiredAsync();
        source.Fail();
        Assert.Equal("good", await Remember(source, options));

        Clock.Advance(TimeSpan.FromMinutes(11));
        await Cache.PurgeExpiredAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Remember(source, options));
    }

    [StoreFact]
    public async Task A_forgotten_value_is_never_served_by_fail_safe()
    {
        var source = new Source("good");
        var options = new RememberOptions { FailSafeMinutes = 10 };
        Assert.Equal("good", await Remember(source, options));
        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));

        await Cache.ForgetAsync("k");
        source.Fail();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Remember(source, options));
    }

    [StoreFact]
    public async Task Cancellation_by_the_caller_is_never_turned_into_a_stale_value()
    {
        var source = new Source("good");
        var options = new RememberOptions { FailSafeMinutes = 10 };
        Assert.Equal("good", await Remember(source, options));
        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        source.Hold();
        using var cancel = new CancellationTokenSource();

        Task<string> call = Remember(source, options, cancel.Token);
        await source.Started;
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [StoreFact]
    public async Task Past_the_soft_timeout_a_slow_source_gives_the_stale_value_and_its_result_replaces_the_entry()
    {
        var source = new Source("old");
        var options = new RememberOptions { FailSafeMinutes = 10, SoftTimeoutMilliseconds = 200, HardTimeoutMilliseconds = 5000 };
        Assert.Equal("old", await Remember(source, options));
        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        source.Hold();

        Task<string> call = Remember(source, options);
        await source.Started;
        await Until(() => Clock.ArmedTimers > 0);
        Assert.False(call.IsCompleted);
        Clock.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal("old", await call.WaitAsync(Patience));
        Assert.Equal("old", await Remember(source, options));
        Assert.Equal(2, source.Calls);

        source.Release("new");
        await Until(async () => await Remember(source, options) == "new");
        Assert.Equal(2, source.Calls);
    }

    [StoreFact]
    public async Task Past_the_hard_timeout_without_a_kept_value_the_caller_gets_a_TimeoutException_and_the_source_still_fills_the_cache()
    {
        var source = new Source("slow");
        var options = new RememberOptions { HardTimeoutMilliseconds = 300 };
        source.Hold();

        Task<string> call = Remember(source, options);
        await source.Started;
        await Until(() => Clock.ArmedTimers > 0);
        Clock.Advance(TimeSpan.FromMilliseconds(300));

        TimeoutException timeout = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(Patience));
        Assert.Contains("'k'", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("300 ms", timeout.Message, StringComparison.Ordinal);

        source.Release("late");
        await Until(() => Cache.Get<string>("k") == "late");
        Assert.Equal(1, source.Calls);
    }

    [StoreFact]
    public async Task Past_the_hard_timeout_with_a_kept_value_the_caller_gets_it()
    {
        var source = new Source("old");
        var options = new RememberOptions { FailSafeMinutes = 10, HardTimeoutMilliseconds = 300 };
        Assert.Equal("old", await Remember(source, options));
        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        source.Hold();

        Task<string> call = Remember(source, options);
        await source.Started;
        await Until(() => Clock.ArmedTimers > 0);
        Clock.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal("old", await call.WaitAsync(Patience));
        source.Release("new");
        await Until(() => Cache.Get<string>("k") == "new");
    }

    [StoreFact]
    public async Task A_memoized_method_past_its_hard_timeout_throws_a_TimeoutException_naming_it()
    {
        var source = new Source("slow");
        CachedMethod<int, string> method = Method(new RememberOptions { HardTimeoutMilliseconds = 300 });
        source.Hold();

        Task<string> call = Invoke(method, source, 1);
        await source.Started;
        await Until(() => Clock.ArmedTimers > 0);
        Clock.Advance(TimeSpan.FromMilliseconds(300));

        TimeoutException timeout = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(Patience));
        Assert.Contains("Contract.Resilience.Method", timeout.Message, StringComparison.Ordinal);
        source.Release("late");
        await Until(async () => await Invoke(method, source, 1) == "late");
    }

    [StoreFact]
    public async Task Eager_refresh_starts_one_background_call_callers_do_not_wait_and_the_new_value_follows()
    {
        var source = new Source("v1");
        var options = new RememberOptions { EagerRefresh = 0.5 };
        Assert.Equal("v1", await Remember(source, options));

        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("v1", await Remember(source, options));
        Assert.Equal(1, source.Calls);

        Clock.Advance(TimeSpan.FromSeconds(20));
        source.Hold();
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("v1", await Remember(source, options).WaitAsync(Patience));
        }

        await source.Started;
        Assert.Equal(2, source.Calls);
        source.Release("v2");
        await Until(() => Cache.Get<string>("k") == "v2");
        Assert.Equal("v2", await Remember(source, options));
        Assert.Equal(2, source.Calls);
    }

    [StoreFact]
    public async Task Eager_refresh_of_a_memoized_method_starts_one_background_call()
    {
        var source = new Source("v1");
        CachedMethod<int, string> method = Method(new RememberOptions { EagerRefresh = 0.5 });
        Assert.Equal("v1", await Invoke(method, source, 3));

        Clock.Advance(TimeSpan.FromSeconds(40));
        source.Hold();
        Assert.Equal("v1", await Invoke(method, source, 3).WaitAsync(Patience));
        Assert.Equal("v1", await Invoke(method, source, 3).WaitAsync(Patience));
        await source.Started;
        source.Release("v2");

        await Until(async () => await Invoke(method, source, 3) == "v2");
        Assert.Equal(2, source.Calls);
    }

    [StoreFact]
    public async Task A_failed_eager_refresh_keeps_the_current_value_until_it_expires()
    {
        var source = new Source("v1");
        var options = new RememberOptions { EagerRefresh = 0.5 };
        Assert.Equal("v1", await Remember(source, options));
        Clock.Advance(TimeSpan.FromSeconds(40));
        source.Fail();

        Assert.Equal("v1", await Remember(source, options));
        await Until(() => source.Calls == 2);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("v1", await Remember(source, options));
        }

        await Until(() => source.Failures == 1);
        Assert.Equal(2, source.Calls);
        Clock.Advance(TimeSpan.FromSeconds(21));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Remember(source, options));
    }

    [StoreFact]
    public async Task Jitter_spreads_lifetimes_within_the_bound()
    {
        var options = new RememberOptions { JitterSeconds = 30 };
        for (int i = 0; i < 40; i++)
        {
            await Cache.RememberAsync($"j{i}", Ttl, options, _ => new ValueTask<int>(1));
        }

        Clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.Equal(40, await CountPresent());

        Clock.Advance(TimeSpan.FromSeconds(16));
        int halfway = await CountPresent();
        Assert.InRange(halfway, 1, 39);

        Clock.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal(0, await CountPresent());

        async Task<int> CountPresent()
        {
            int present = 0;
            for (int i = 0; i < 40; i++)
            {
                present += await Cache.HasAsync($"j{i}") ? 1 : 0;
            }

            return present;
        }
    }

    /// <summary>The key <c>k</c> remembered for a minute with <paramref name="options"/>.</summary>
    private Task<string> Remember(Source source, RememberOptions options, CancellationToken cancellationToken = default)
        => Cache.RememberAsync("k", Ttl, options, source.GetAsync, cancellationToken).AsTask();

    private static CachedMethod<int, string> Method(RememberOptions options)
        => new("Contract.Resilience.Method", store: null, Ttl, static (ref CacheKeyWriter writer, in int id) => writer.Write(id), options: options);

    private Task<string> Invoke(CachedMethod<int, string> method, Source source, int id)
        => method.InvokeAsync(Manager, id, source, static (s, _, ct) => s.GetAsync(ct).AsTask(), CancellationToken.None);

    /// <summary>Waits (on real time, bounded) for background work: a refresh or a factory past its timeout.</summary>
    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    private static async Task Until(Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > Patience)
            {
                throw new TimeoutException("The condition did not hold within the patience of the test.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>A source a test controls: it answers, fails, or holds its answer until released.</summary>
    protected sealed class Source(string value)
    {
        private readonly object _gate = new();
        private string _value = value;
        private bool _failing;
        private TaskCompletionSource<string>? _held;
        private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;
        private int _failures;

        public int Calls => Volatile.Read(ref _calls);

        public int Failures => Volatile.Read(ref _failures);

        /// <summary>Completes when a held call has started.</summary>
        public Task Started => _started.Task;

        public void Succeed(string value)
        {
            lock (_gate)
            {
                _value = value;
                _failing = false;
                _held = null;
            }
        }

        public void Fail()
        {
            lock (_gate)
            {
                _failing = true;
                _held = null;
            }
        }

        public void Hold()
        {
            lock (_gate)
            {
                _held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                _started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void Release(string value)
        {
            TaskCompletionSource<string>? held;
            lock (_gate)
            {
                held = _held;
                _held = null;
                _value = value;
            }

            held?.TrySetResult(value);
        }

        public ValueTask<string> GetAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            TaskCompletionSource<string>? held;
            lock (_gate)
            {
                if (_failing)
                {
                    Interlocked.Increment(ref _failures);
                    return ValueTask.FromException<string>(new InvalidOperationException("The source is down."));
                }

                held = _held;
                if (held is null)
                {
                    return new ValueTask<string>(_value);
                }

                _started.TrySetResult();
            }

            return new ValueTask<string>(held.Task.WaitAsync(cancellationToken));
        }
    }
}
