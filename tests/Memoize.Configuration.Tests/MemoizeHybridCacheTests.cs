using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Testing;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize.Configuration.Tests;

/// <summary>Memoize registered as the application's <see cref="HybridCache"/>, used through that abstraction only.</summary>
public sealed class MemoizeHybridCacheTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly string _directory = Directory.CreateTempSubdirectory("memoize-hybrid-").FullName;
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        _providers.ForEach(p => p.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The manager of the application last built by <see cref="Hybrid"/>.</summary>
    private ICacheManager Manager => _providers[^1].GetRequiredService<ICacheManager>();

    /// <summary>An application with Memoize (a memory store and a file store) registered as its HybridCache.</summary>
    private HybridCache Hybrid(Action<MemoizeHybridCacheOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddMemoize(o => o.AddStore("files", "file", s => s.Settings["Directory"] = _directory)).AddHybridCache(configure);
        ServiceProvider provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<HybridCache>();
    }

    [Fact]
    public async Task GetOrCreate_computes_once_then_answers_from_the_Memoize_store()
    {
        HybridCache cache = Hybrid();
        int computed = 0;

        int first = await cache.GetOrCreateAsync("answer", _ => new ValueTask<int>(++computed + 41));
        int second = await cache.GetOrCreateAsync("answer", _ => new ValueTask<int>(++computed + 41));

        Assert.Equal((42, 42, 1), (first, second, computed));
        Assert.Equal(42, Manager.Get<int>("answer")); // the same entry through Memoize's own API
    }

    [Fact]
    public async Task GetOrCreate_with_state_passes_the_state_to_the_factory()
    {
        HybridCache cache = Hybrid();

        string value = await cache.GetOrCreateAsync("user:7", (Id: 7, Prefix: "user-"), static (state, _) => new ValueTask<string>(state.Prefix + state.Id));
        string again = await cache.GetOrCreateAsync("user:7", (Id: 8, Prefix: "other-"), static (state, _) => new ValueTask<string>(state.Prefix + state.Id));

        Assert.Equal(("user-7", "user-7"), (value, again));
    }

    [Fact]
    public async Task A_thousand_concurrent_callers_of_a_missing_key_share_one_computation()
    {
        HybridCache cache = Hybrid();
        int computed = 0;
        var release = new TaskCompletionSource();

        Task<int>[] callers = Enumerable.Range(0, 1000)
            .Select(_ => cache.GetOrCreateAsync("slow", async ct =>
            {
                Interlocked.Increment(ref computed);
                await release.Task.WaitAsync(ct);
                return 7;
            }).AsTask())
            .ToArray();
        release.SetResult();
        int[] results = await Task.WhenAll(callers);

        Assert.Equal(1, computed);
        Assert.All(results, r => Assert.Equal(7, r));
    }

    [Fact]
    public async Task A_failing_factory_reaches_the_caller_and_nothing_is_cached()
    {
        HybridCache cache = Hybrid();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.GetOrCreateAsync<int>("k", _ => throw new InvalidOperationException("backend down")));

        Assert.Equal(5, await cache.GetOrCreateAsync("k", _ => new ValueTask<int>(5)));
    }

    [Fact]
    public async Task Set_replaces_the_value_and_remove_of_one_or_many_keys_makes_the_next_call_compute()
    {
        HybridCache cache = Hybrid();
        await cache.SetAsync("a", "set");
        await cache.SetAsync("b", "set");
        await cache.SetAsync("c", "set");

        Assert.Equal("set", await cache.GetOrCreateAsync("a", _ => new ValueTask<string>("computed")));

        await cache.RemoveAsync("a");
        await cache.RemoveAsync(["b", "c"]);
        await cache.RemoveAsync((string[]?)null!);

        Assert.Equal("computed", await cache.GetOrCreateAsync("a", _ => new ValueTask<string>("computed")));
        Assert.False(Manager.Has("b"));
        Assert.False(Manager.Has("c"));
    }

    [Fact]
    public async Task Remove_by_tag_removes_the_tagged_entries_only_and_the_star_removes_every_entry()
    {
        HybridCache cache = Hybrid();
        await cache.GetOrCreateAsync("user:1", _ => new ValueTask<int>(1), tags: ["users"]);
        await cache.SetAsync("user:2", 2, tags: ["users", "admins"]);
        await cache.SetAsync("order:1", 3, tags: ["orders"]);
        await cache.SetAsync("untagged", 4);

        await cache.RemoveByTagAsync("users");

        Assert.False(Manager.Has("user:1"));
        Assert.False(Manager.Has("user:2"));
        Assert.Equal(3, Manager.Get<int>("order:1"));

        await cache.RemoveByTagAsync(["nothing", "orders"]);
        Assert.False(Manager.Has("order:1"));
        Assert.True(Manager.Has("untagged"));

        await cache.RemoveByTagAsync("*");
        Assert.False(Manager.Has("untagged"));
    }

    [Fact]
    public async Task A_tag_that_is_empty_or_the_star_is_refused_naming_the_problem()
    {
        HybridCache cache = Hybrid();

        var star = await Assert.ThrowsAsync<ArgumentException>(async () => await cache.SetAsync("k", 1, tags: ["*"]));
        var empty = await Assert.ThrowsAsync<ArgumentException>(async () => await cache.SetAsync("k", 1, tags: [""]));

        Assert.Contains("removes every entry", star.Message, StringComparison.Ordinal);
        Assert.Contains("must not be null or empty", empty.Message, StringComparison.Ordinal);
        Assert.False(Manager.Has("k"));
    }

    [Fact]
    public async Task Expiration_sets_the_lifetime_and_without_one_the_managers_default_applies()
    {
        HybridCache cache = Hybrid();
        var oneMinute = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(1) };
        await cache.GetOrCreateAsync("short", _ => new ValueTask<int>(1), oneMinute);
        await cache.GetOrCreateAsync("default", _ => new ValueTask<int>(2));

        _clock.Advance(TimeSpan.FromSeconds(61));

        Assert.False(Manager.Has("short"));
        Assert.True(Manager.Has("default")); // 60 minutes unless configured
        _clock.Advance(TimeSpan.FromMinutes(60));
        Assert.False(Manager.Has("default"));
    }

    [Fact]
    public async Task On_the_memory_store_the_shorter_local_expiration_is_the_lifetime_and_on_a_byte_store_it_is_not()
    {
        var options = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(1) };
        await Hybrid().SetAsync("k", 1, options);
        ICacheManager memoryApp = Manager;
        await Hybrid(o => o.Store = "files").SetAsync("k", 1, options);

        _clock.Advance(TimeSpan.FromSeconds(61));

        Assert.False(memoryApp.Has("k"));
        Assert.True(Manager.Cache("files").Has("k"));
    }

    [Fact]
    public async Task Default_entry_options_apply_to_calls_that_leave_them_out()
    {
        HybridCache cache = Hybrid(o => o.DefaultEntryOptions = new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(1) });
        await cache.SetAsync("default", 1);
        await cache.SetAsync("own", 1, new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(5) });

        _clock.Advance(TimeSpan.FromSeconds(61));

        Assert.False(Manager.Has("default"));
        Assert.True(Manager.Has("own"));
    }

    [Fact]
    public async Task Disable_underlying_data_reads_only_and_never_calls_the_factory()
    {
        HybridCache cache = Hybrid();
        var readOnly = new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableUnderlyingData };

        string? missing = await cache.GetOrCreateAsync<string?>("k", null!, readOnly);
        await cache.SetAsync("k", "stored");
        string? found = await cache.GetOrCreateAsync<string?>("k", _ => throw new InvalidOperationException("not called"), readOnly);

        Assert.Null(missing);
        Assert.Equal("stored", found);
    }

    [Fact]
    public async Task Flags_that_switch_off_the_stores_level_skip_its_read_or_its_write_and_the_other_levels_flags_change_nothing()
    {
        HybridCache cache = Hybrid(); // the memory store: the local level
        int computed = 0;
        ValueTask<int> Compute(CancellationToken _) => new(++computed);

        await cache.GetOrCreateAsync("no-write", Compute, new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableLocalCacheWrite });
        Assert.False(Manager.Has("no-write"));

        await cache.SetAsync("no-read", -1);
        int fresh = await cache.GetOrCreateAsync("no-read", Compute, new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableLocalCacheRead });
        Assert.Equal(2, fresh);
        Assert.Equal(2, Manager.Get<int>("no-read")); // computed afresh and written

        await cache.SetAsync("other-level", -1, new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCache });
        Assert.Equal(-1, await cache.GetOrCreateAsync("other-level", Compute, new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCache }));
        Assert.Equal(2, computed);

        HybridCache files = Hybrid(o => o.Store = "files"); // a byte store: the distributed level
        await files.SetAsync("skipped", 1, new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableDistributedCacheWrite });
        await files.SetAsync("kept", 1, new HybridCacheEntryOptions { Flags = HybridCacheEntryFlags.DisableLocalCache });
        Assert.False(Manager.Cache("files").Has("skipped"));
        Assert.True(Manager.Cache("files").Has("kept"));
    }

    [Fact]
    public async Task While_Memoize_is_disabled_every_call_computes()
    {
        HybridCache cache = Hybrid();
        int computed = 0;

        using (Manager.Disable())
        {
            await cache.GetOrCreateAsync("k", _ => new ValueTask<int>(++computed));
            await cache.GetOrCreateAsync("k", _ => new ValueTask<int>(++computed));
        }

        Assert.Equal(2, computed);
    }

    [Fact]
    public async Task An_empty_key_is_refused()
    {
        HybridCache cache = Hybrid();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await cache.GetOrCreateAsync("", _ => new ValueTask<int>(1)));

        Assert.Contains("must not be empty", error.Message, StringComparison.Ordinal);
    }
}
