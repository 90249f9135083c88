using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Testing;
using Microsoft.Extensions.Logging;

namespace Memoize.Telemetry.Tests;

/// <summary>A memoized method on a store of the test's choosing, so its measurements can be told apart.</summary>
public sealed partial class SquareService(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;

    public int Computations { get; private set; }

    [Cached(KeyPrefix = "telemetry.square", Store = "squares")]
    public partial int Square(int value, string label);

    private int SquareCore(int value, string label)
    {
        Computations++;
        return value * value;
    }
}

[Collection(TelemetryListenersCollection.Name)]
public sealed class TelemetryTests
{
    private static string UniqueStore() => "s" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void A_memoized_method_on_memory_reports_a_miss_with_its_duration_then_a_hit_tagged_by_store_and_method()
    {
        using var metrics = new MetricsRecorder();
        using var manager = new CacheManager();
        manager.AddStore("squares", new MemoryCacheStore());
        var service = new SquareService(manager);

        Assert.Equal(49, service.Square(7, "x"));
        Assert.Equal(49, service.Square(7, "x"));

        Assert.Equal(1, service.Computations);
        var mine = metrics.For("squares").Where(m => m.Method == "telemetry.square").ToList();
        Assert.Equal(1, mine.Where(m => m.Instrument == MemoizeTelemetry.MissesName).Sum(m => m.Value));
        Assert.Equal(1, mine.Where(m => m.Instrument == MemoizeTelemetry.HitsName).Sum(m => m.Value));
        Assert.Single(mine, m => m.Instrument == MemoizeTelemetry.FactoryDurationName && m.Value >= 0);
        Assert.All(mine, m => Assert.Equal(2, m.Tags.Count));
    }

    [Fact]
    public async Task A_byte_store_reports_a_miss_and_a_hit_and_traces_each_round_trip()
    {
        using var metrics = new MetricsRecorder();
        using var activities = new ActivityRecorder();
        string name = UniqueStore();
        using var manager = new CacheManager();
        manager.AddStore(name, new SwitchableStore());
        ICache cache = manager.Cache(name);

        Assert.Equal(1, await cache.RememberAsync("k", null, _ => new ValueTask<int>(1)));
        Assert.Equal(1, await cache.RememberAsync("k", null, _ => new ValueTask<int>(2)));

        Assert.Equal(1, metrics.Sum(name, MemoizeTelemetry.MissesName));
        Assert.Equal(1, metrics.Sum(name, MemoizeTelemetry.HitsName));
        Assert.Equal(0, metrics.Sum(name, MemoizeTelemetry.ErrorsName));
        var spans = activities.For(name);
        // Miss: one read, then the write; hit: one read.
        Assert.Equal(2, spans.Count(a => a.OperationName == "memoize.store.get"));
        Assert.Single(spans, a => a.OperationName == "memoize.store.set");
        Assert.Single(spans, a => a.OperationName == "memoize.store.get" && a.GetTagItem("memoize.hit") is true);
        Assert.All(spans, a => Assert.Equal(ActivityStatusCode.Unset, a.Status));
    }

    [Fact]
    public async Task A_failing_store_is_counted_traced_as_an_error_and_logged_once_per_episode()
    {
        using var metrics = new MetricsRecorder();
        using var activities = new ActivityRecorder();
        using var logs = new ListLoggerFactory();
        string name = UniqueStore();
        var store = new SwitchableStore { Failing = true };
        using var manager = new CacheManager(new CacheManagerOptions { LoggerFactory = logs });
        manager.AddStore(name, store);
        ICache cache = manager.Cache(name);
        int calls = 0;

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(i + 1, await cache.RememberAsync("k", null, _ => new ValueTask<int>(++calls)));
        }

        store.Failing = false;
        await cache.RememberAsync("k", null, _ => new ValueTask<int>(++calls));
        store.Failing = true;
        await cache.RememberAsync("other", null, _ => new ValueTask<int>(++calls));

        Assert.Equal(3 * 2 + 2, metrics.Sum(name, MemoizeTelemetry.ErrorsName)); // each failing call: one read and a write
        Assert.Contains(activities.For(name), a => a.Status == ActivityStatusCode.Error && a.GetTagItem("error.type") as string == typeof(TimeoutException).FullName);
        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count); // the first episode, then the second after the store worked again
        Assert.All(warnings, w => Assert.Contains($"'{name}' failed (TimeoutException)", w.Message, StringComparison.Ordinal));
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("works again", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Debug_messages_name_the_method_and_show_argument_values_only_when_enabled(bool logKeys)
    {
        using var logs = new ListLoggerFactory();
        using var manager = new CacheManager(new CacheManagerOptions { LoggerFactory = logs, LogKeys = logKeys });
        manager.AddStore("squares", new MemoryCacheStore());
        var service = new SquareService(manager);

        service.Square(3, "secret-label");
        service.Square(3, "secret-label");

        var debug = logs.Entries.Where(e => e.Level == LogLevel.Debug).Select(e => e.Message).ToList();
        Assert.Equal(2, debug.Count);
        Assert.Contains(debug, m => m.StartsWith("Cache miss on store 'squares'", StringComparison.Ordinal));
        Assert.Contains(debug, m => m.StartsWith("Cache hit on store 'squares'", StringComparison.Ordinal));
        Assert.All(debug, m => Assert.Equal(logKeys, m.Contains("secret-label", StringComparison.Ordinal)));
        if (!logKeys)
        {
            Assert.All(debug, m => Assert.Contains("method telemetry.square", m, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_entry_evicted_for_capacity_is_counted()
    {
        using var metrics = new MetricsRecorder();
        string name = UniqueStore();
        using var manager = new CacheManager();
        manager.AddStore(name, m => new MemoryCacheStore(new MemoryCacheStoreOptions { SizeLimit = 2, CompactionPercentage = 0.5 }, m.TimeProvider));
        ICache cache = manager.Cache(name);

        // The memory store evicts as the insert over the limit runs; the loop allows a store that evicts later.
        for (int i = 0; i < 100 && metrics.Sum(name, MemoizeTelemetry.EvictionsName) == 0; i++)
        {
            cache.Put("k" + i, i);
            await Task.Delay(50);
        }

        Assert.True(metrics.Sum(name, MemoizeTelemetry.EvictionsName) >= 1);
        Assert.All(metrics.For(name).Where(m => m.Instrument == MemoizeTelemetry.EvictionsName), m => Assert.Single(m.Tags));
    }
}

/// <summary>Fail-safe activations are counted, tagged like hits and misses, and logged at warning.</summary>
[Collection(TelemetryListenersCollection.Name)]
public sealed class FailSafeTelemetryTests
{
    [Fact]
    public async Task A_fail_safe_activation_counts_tagged_by_store_and_method_and_logs_a_warning_without_the_key()
    {
        using var metrics = new MetricsRecorder();
        using var logs = new ListLoggerFactory();
        var clock = new FakeTimeProvider();
        string name = "f" + Guid.NewGuid().ToString("N")[..8];
        using var manager = new CacheManager(new CacheManagerOptions { LoggerFactory = logs, TimeProvider = clock, FailSafeMinutes = 5 });
        manager.AddStore(name, new MemoryCacheStore(timeProvider: clock));
        var method = new Memoize.CompilerServices.CachedMethod<int, int>("telemetry.rate", name, TimeSpan.FromMinutes(1), static (ref Memoize.CompilerServices.CacheKeyWriter w, in int a) => w.Write(a));
        bool down = false;
        Func<int> rate = () => down ? throw new InvalidOperationException("down") : 42;

        Assert.Equal(42, await method.InvokeAsync(manager, 1234567, rate, static (r, _, _) => Task.FromResult(r()), CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(2));
        down = true;
        Assert.Equal(42, await method.InvokeAsync(manager, 1234567, rate, static (r, _, _) => Task.Run(r), CancellationToken.None));
        Assert.Equal(7, await manager.Cache(name).RememberAsync("plain", null, _ => new ValueTask<int>(7)));

        var activations = metrics.For(name).Where(m => m.Instrument == MemoizeTelemetry.FailSafeActivationsName).ToList();
        Assert.Equal(1, activations.Sum(m => m.Value));
        Assert.All(activations, m => Assert.Equal("telemetry.rate", m.Method));
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains($"Fail-safe on store '{name}' for method telemetry.rate", warning.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("1234567", warning.Message, StringComparison.Ordinal);
    }
}
