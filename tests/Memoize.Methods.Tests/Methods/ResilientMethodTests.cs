using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;
using Memoize.Testing;

namespace Memoize.Methods.Tests.Methods;

/// <summary>
/// Generated memoized methods honour the manager's resilience defaults (fail-safe, eager refresh, jitter) on the
/// memory store, and bad option values fail with errors that name them.
/// </summary>
public sealed partial class ResilientMethodTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly ICacheManager _cache;
    private int _calls;
    private bool _down;
    private TaskCompletionSource<int>? _held;

    public ResilientMethodTests()
        => _cache = new CacheManager(new CacheManagerOptions { TimeProvider = _clock, FailSafeMinutes = 10, FailSafeThrottleSeconds = 30, EagerRefresh = 0.5 });

    [Cached(Minutes = 1)]
    public partial int Rate(string currency);

    [Cached(Minutes = 1)]
    public partial Task<int> RateAsync(string currency, CancellationToken cancellationToken = default);

    private int RateCore(string currency)
    {
        int call = Interlocked.Increment(ref _calls);
        return _down ? throw new InvalidOperationException("The rates service is down.") : currency.Length * 100 + call;
    }

    private Task<int> RateAsyncCore(string currency, CancellationToken cancellationToken)
    {
        int call = Interlocked.Increment(ref _calls);
        if (_down)
        {
            throw new InvalidOperationException("The rates service is down.");
        }

        return _held is { } held ? held.Task : Task.FromResult(currency.Length * 100 + call);
    }

    [Fact]
    public void A_generated_method_serves_its_last_good_result_while_core_fails_calling_core_once_per_throttle_window()
    {
        Assert.Equal(301, Rate("EUR"));
        _clock.Advance(TimeSpan.FromSeconds(61));
        _down = true;

        Assert.Equal(301, Rate("EUR"));
        Assert.Equal(301, Rate("EUR"));
        Assert.Equal(2, _calls);

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(301, Rate("EUR"));
        Assert.Equal(3, _calls);
        Assert.Throws<InvalidOperationException>(() => Rate("USDT"));
    }

    [Fact]
    public async Task A_generated_async_method_refreshes_eagerly_once_and_callers_do_not_wait()
    {
        Assert.Equal(301, await RateAsync("EUR"));
        _clock.Advance(TimeSpan.FromSeconds(31));
        _held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.Equal(301, await RateAsync("EUR"));
        Assert.Equal(301, await RateAsync("EUR"));
        await Until(() => Volatile.Read(ref _calls) == 2);
        _held.SetResult(999);

        await Until(() => RateAsync("EUR") is { IsCompletedSuccessfully: true, Result: 999 });
        Assert.Equal(2, _calls);
    }

    [Fact]
    public async Task Options_on_the_attribute_override_the_manager_defaults()
    {
        var clock = new FakeTimeProvider();
        var service = new AttributeOptionsService(new CacheManager(new CacheManagerOptions { TimeProvider = clock }));
        Assert.Equal(1, await service.ShieldedAsync(5));
        Assert.Equal(1, await service.PlainAsync(5));
        clock.Advance(TimeSpan.FromSeconds(61));
        service.Down = true;

        Assert.Equal(1, await service.ShieldedAsync(5));
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.PlainAsync(5));
    }

    [Theory]
    [InlineData(-1, 30, 0, 0, 0.0, 0, "FailSafeMinutes")]
    [InlineData(0, 0, 0, 0, 0.0, 0, "FailSafeThrottleSeconds")]
    [InlineData(0, 30, -5, 0, 0.0, 0, "SoftTimeoutMilliseconds")]
    [InlineData(0, 30, 0, -5, 0.0, 0, "HardTimeoutMilliseconds")]
    [InlineData(0, 30, 500, 500, 0.0, 0, "SoftTimeoutMilliseconds")]
    [InlineData(0, 30, 0, 0, 1.0, 0, "EagerRefresh")]
    [InlineData(0, 30, 0, 0, -0.1, 0, "EagerRefresh")]
    [InlineData(0, 30, 0, 0, double.NaN, 0, "EagerRefresh")]
    [InlineData(0, 30, 0, 0, 0.0, -1, "JitterSeconds")]
    public async Task An_option_out_of_range_fails_with_an_error_naming_it(int failSafe, int throttle, int soft, int hard, double eager, int jitter, string property)
    {
        var options = new RememberOptions { FailSafeMinutes = failSafe, FailSafeThrottleSeconds = throttle, SoftTimeoutMilliseconds = soft, HardTimeoutMilliseconds = hard, EagerRefresh = eager, JitterSeconds = jitter };
        var manager = new CacheManager();

        var call = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => manager.RememberAsync("k", null, options, _ => new ValueTask<int>(1)).AsTask());
        Assert.Equal(property, call.ParamName);
        Assert.Contains($"RememberOptions.{property}", call.Message, StringComparison.Ordinal);

        var method = new CachedMethod<int, int>("Rates.Get", null, TimeSpan.FromMinutes(1), static (ref CacheKeyWriter w, in int a) => w.Write(a), options: options);
        var memoized = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => method.InvokeAsync(manager, 1, 0, static (_, a, _) => Task.FromResult(a), CancellationToken.None));
        Assert.Equal(property, memoized.ParamName);

        var defaults = Assert.Throws<ArgumentOutOfRangeException>(() => new CacheManager(new CacheManagerOptions { FailSafeMinutes = failSafe, FailSafeThrottleSeconds = throttle, SoftTimeoutMilliseconds = soft, HardTimeoutMilliseconds = hard, EagerRefresh = eager, JitterSeconds = jitter }));
        Assert.Equal(property, defaults.ParamName);
        Assert.Contains($"CacheManagerOptions.{property}", defaults.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_synchronous_remember_with_explicit_timeouts_is_refused_and_ignores_the_default_timeouts()
    {
        var manager = new CacheManager(new CacheManagerOptions { HardTimeoutMilliseconds = 1 });

        var error = Assert.Throws<ArgumentException>(() => manager.Remember("k", null, new RememberOptions { HardTimeoutMilliseconds = 100 }, () => 1));
        Assert.Contains("HardTimeoutMilliseconds", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);

        // The default hard timeout of 1 ms would have passed while this factory sleeps: synchronous calls ignore it.
        Assert.Equal(2, manager.Remember("slow", null, () => { Thread.Sleep(20); return 2; }));
    }

    [Fact]
    public void A_synchronous_memoized_method_with_explicit_timeouts_is_refused()
    {
        var method = new CachedMethod<int, int>("Rates.Get", null, TimeSpan.FromMinutes(1), static (ref CacheKeyWriter w, in int a) => w.Write(a), options: new RememberOptions { SoftTimeoutMilliseconds = 10, FailSafeMinutes = 1 });

        var error = Assert.Throws<ArgumentException>(() => method.Invoke(new CacheManager(), 1, 0, static (_, a) => a));
        Assert.Contains("SoftTimeoutMilliseconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cache_the_application_implements_says_it_does_not_support_remember_options()
    {
        ICache foreign = new ForeignCache();

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => foreign.RememberAsync("k", null, new RememberOptions(), _ => new ValueTask<int>(1)).AsTask());
        Assert.Contains(nameof(ForeignCache), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_manager_the_application_implements_the_hard_timeout_still_applies()
    {
        var manager = new SharedComputationTests.ApplicationManager(new CacheManager());
        var method = new CachedMethod<int, int>("Rates.Slow", null, TimeSpan.FromMinutes(1), static (ref CacheKeyWriter w, in int a) => w.Write(a), options: new RememberOptions { HardTimeoutMilliseconds = 50, JitterSeconds = 5 });
        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => method.InvokeAsync(manager, 1, held, static (h, _, _) => h.Task, CancellationToken.None));
        Assert.Contains("Rates.Slow", error.Message, StringComparison.Ordinal);

        held.SetResult(5);
        await Until(() => manager.TryGet(method.BuildKey(1), out int cached) && cached == 5);
    }

    private static async Task Until(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "The condition did not hold in time.");
            await Task.Delay(5);
        }
    }

    /// <summary>A cache written by an application against the interface as it was before options existed.</summary>
    private sealed class ForeignCache : ICache
    {
        private readonly ICache _inner = new CacheManager();

        public string Name => "foreign";

        public bool TryGet<T>(string key, out T value) => _inner.TryGet(key, out value);

        public ValueTask<CacheResult<T>> TryGetAsync<T>(string key, CancellationToken cancellationToken = default) => _inner.TryGetAsync<T>(key, cancellationToken);

        public bool Has(string key) => _inner.Has(key);

        public ValueTask<bool> HasAsync(string key, CancellationToken cancellationToken = default) => _inner.HasAsync(key, cancellationToken);

        public void Put<T>(string key, T value, TimeSpan? ttl = null) => _inner.Put(key, value, ttl);

        public ValueTask PutAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => _inner.PutAsync(key, value, ttl, cancellationToken);

        public void Put<T>(string key, T value, DateTimeOffset expiresAt) => _inner.Put(key, value, expiresAt);

        public ValueTask PutAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => _inner.PutAsync(key, value, expiresAt, cancellationToken);

        public bool Add<T>(string key, T value, TimeSpan? ttl = null) => _inner.Add(key, value, ttl);

        public ValueTask<bool> AddAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => _inner.AddAsync(key, value, ttl, cancellationToken);

        public bool Add<T>(string key, T value, DateTimeOffset expiresAt) => _inner.Add(key, value, expiresAt);

        public ValueTask<bool> AddAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => _inner.AddAsync(key, value, expiresAt, cancellationToken);

        public bool Forget(string key) => _inner.Forget(key);

        public ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken = default) => _inner.ForgetAsync(key, cancellationToken);

        public bool TryPull<T>(string key, out T value) => _inner.TryPull(key, out value);

        public ValueTask<CacheResult<T>> TryPullAsync<T>(string key, CancellationToken cancellationToken = default) => _inner.TryPullAsync<T>(key, cancellationToken);

        public long Increment(string key, long by = 1) => _inner.Increment(key, by);

        public ValueTask<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) => _inner.IncrementAsync(key, by, cancellationToken);

        public T Remember<T>(string key, TimeSpan? ttl, Func<T> factory) => _inner.Remember(key, ttl, factory);

        public ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default) => _inner.RememberAsync(key, ttl, factory, cancellationToken);

        public void Flush() => _inner.Flush();

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _inner.FlushAsync(cancellationToken);

        public TaggedCache Tags(params string[] tags) => _inner.Tags(tags);

        public ValueTask<long> CopyToAsync(ICache destination, CancellationToken cancellationToken = default) => _inner.CopyToAsync(destination, cancellationToken);

        public ValueTask<long> PurgeExpiredAsync(CancellationToken cancellationToken = default) => _inner.PurgeExpiredAsync(cancellationToken);
    }
}

/// <summary>One method shielded on its attribute, one plain, on a manager without resilience defaults.</summary>
public sealed partial class AttributeOptionsService(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;
    private int _calls;

    public bool Down { get; set; }

    [Cached(Minutes = 1, FailSafeMinutes = 10, HardTimeoutMilliseconds = 5000)]
    public partial Task<int> ShieldedAsync(int id, CancellationToken cancellationToken = default);

    [Cached(Minutes = 1)]
    public partial Task<int> PlainAsync(int id, CancellationToken cancellationToken = default);

    private Task<int> ShieldedAsyncCore(int id, CancellationToken cancellationToken) => Down ? throw new InvalidOperationException("down") : Task.FromResult(++_calls);

    private Task<int> PlainAsyncCore(int id, CancellationToken cancellationToken) => Down ? throw new InvalidOperationException("down") : Task.FromResult(_calls);
}
