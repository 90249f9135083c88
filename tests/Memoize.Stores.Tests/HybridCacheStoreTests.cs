using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;

namespace Memoize.Stores.Tests;

/// <summary>A memoized method on a store of type <c>hybrid</c>.</summary>
public sealed partial class TeamQuoteService(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;

    public int Computations { get; private set; }

    [Cached(KeyPrefix = "team.quote", Store = "team")]
    public partial Task<string> QuoteAsync(string symbol);

    private Task<string> QuoteAsyncCore(string symbol)
    {
        Computations++;
        return Task.FromResult(symbol + "=100");
    }
}

/// <summary>Memoize's stores kept in the application's own HybridCache: Microsoft's, or FusionCache's adapter.</summary>
public sealed class HybridCacheStoreTests
{
    private static readonly HybridCacheEntryOptions s_readOnly = new() { Flags = HybridCacheEntryFlags.DisableUnderlyingData };

    public enum Implementation
    {
        Microsoft,
        FusionCache,
    }

    /// <summary>An application with a HybridCache of its own and a Memoize store <c>team</c> of type <c>hybrid</c> on it.</summary>
    private static ServiceProvider Application(Implementation implementation, Action<MemoizeStoreOptions>? store = null)
    {
        var services = new ServiceCollection();
        if (implementation == Implementation.Microsoft)
        {
            services.AddHybridCache();
        }
        else
        {
            services.AddFusionCache().AsHybridCache();
        }

        services.AddMemoize(o =>
        {
            o.AddStore("team", "hybrid", store);
            o.DefaultStore = "team";
        });
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(Implementation.Microsoft)]
    [InlineData(Implementation.FusionCache)]
    public async Task A_memoized_method_computes_once_and_its_entry_lives_in_the_applications_HybridCache(Implementation implementation)
    {
        using ServiceProvider provider = Application(implementation);
        var service = new TeamQuoteService(provider.GetRequiredService<ICacheManager>());

        Assert.Equal("ABC=100", await service.QuoteAsync("ABC"));
        Assert.Equal("ABC=100", await service.QuoteAsync("ABC"));

        Assert.Equal(1, service.Computations);
        CacheManifestEntry method = Assert.Single(CacheManifest.Entries, e => e.Type.EndsWith(nameof(TeamQuoteService), StringComparison.Ordinal));
        string key = "memoize:" + method.KeyTemplate.Replace("{symbol}", "\"ABC\"", StringComparison.Ordinal);
        HybridCache hybrid = provider.GetRequiredService<HybridCache>();
        Assert.NotNull(await hybrid.GetOrCreateAsync<byte[]?>(key, null!, s_readOnly));

        await hybrid.RemoveAsync(key);
        Assert.Equal("ABC=100", await service.QuoteAsync("ABC"));
        Assert.Equal(2, service.Computations);
    }

    [Theory]
    [InlineData(Implementation.Microsoft)]
    [InlineData(Implementation.FusionCache)]
    public async Task Put_get_forget_lifetimes_and_Memoize_tags_work_on_it(Implementation implementation)
    {
        using ServiceProvider provider = Application(implementation, s => s.Settings["KeyPrefix"] = "app1:");
        ICacheManager cache = provider.GetRequiredService<ICacheManager>();

        await cache.PutAsync("greeting", "hello");
        await cache.Tags("users").PutAsync("user:1", "Ada");
        await cache.Tags("users").PutAsync("user:2", "Grace");
        await cache.PutAsync("gone", "x", TimeSpan.Zero);

        Assert.Equal("hello", await cache.GetAsync<string>("greeting"));
        Assert.NotNull(await provider.GetRequiredService<HybridCache>().GetOrCreateAsync<byte[]?>("app1:greeting", null!, s_readOnly));
        Assert.False(await cache.HasAsync("gone"));
        Assert.Equal(2, await cache.Tags("users").FlushAsync());
        Assert.False(await cache.HasAsync("user:1"));
        Assert.True(await cache.ForgetAsync("greeting"));
        Assert.False(await cache.ForgetAsync("greeting"));
        Assert.Null(await provider.GetRequiredService<HybridCache>().GetOrCreateAsync<byte[]?>("app1:greeting", null!, s_readOnly));
    }

    [Theory]
    [InlineData(Implementation.Microsoft)]
    [InlineData(Implementation.FusionCache)]
    public async Task A_flush_removes_Memoizes_entries_and_leaves_the_applications_own(Implementation implementation)
    {
        using ServiceProvider provider = Application(implementation);
        ICacheManager cache = provider.GetRequiredService<ICacheManager>();
        HybridCache hybrid = provider.GetRequiredService<HybridCache>();
        await hybrid.SetAsync("app:setting", "mine");
        await cache.PutAsync("a", 1);
        await cache.PutAsync("b", 2);

        await cache.FlushAsync();

        Assert.False(await cache.HasAsync("a"));
        Assert.False(await cache.HasAsync("b"));
        Assert.Equal("mine", await hybrid.GetOrCreateAsync<string?>("app:setting", null!, s_readOnly));
    }

    [Fact]
    public async Task Increment_add_pull_and_copy_are_refused_naming_the_store_type()
    {
        using ServiceProvider provider = Application(Implementation.Microsoft);
        ICacheManager cache = provider.GetRequiredService<ICacheManager>();

        var increment = await Assert.ThrowsAsync<NotSupportedException>(async () => await cache.IncrementAsync("counter"));
        var add = await Assert.ThrowsAsync<NotSupportedException>(async () => await cache.AddAsync("k", 1));
        var pull = await Assert.ThrowsAsync<NotSupportedException>(async () => await cache.TryPullAsync<int>("k"));
        var copy = await Assert.ThrowsAsync<NotSupportedException>(async () => await cache.CopyToAsync(cache.Cache(CacheManager.MemoryStoreName)));

        Assert.Contains("type 'hybrid'", increment.Message, StringComparison.Ordinal);
        Assert.Contains("cannot increment", increment.Message, StringComparison.Ordinal);
        Assert.Contains("type 'hybrid'", add.Message, StringComparison.Ordinal);
        Assert.Contains("type 'hybrid'", pull.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(HybridCacheStore), copy.Message, StringComparison.Ordinal);
        Assert.Contains("cannot list its entries", copy.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_registered_HybridCache_start_up_fails_naming_the_store()
    {
        var services = new ServiceCollection();
        services.AddMemoize(o => o.AddStore("team", "hybrid"));
        using ServiceProvider provider = services.BuildServiceProvider();

        string message = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICacheManager>()).Message;

        Assert.Contains("Memoize:Stores:team:Type 'hybrid' needs a HybridCache registered", message, StringComparison.Ordinal);
    }

    [Fact]
    public void On_Memoizes_own_HybridCache_start_up_fails_instead_of_storing_into_itself()
    {
        var services = new ServiceCollection();
        services.AddMemoize(o => o.AddStore("team", "hybrid")).AddHybridCache();
        using ServiceProvider provider = services.BuildServiceProvider();

        string message = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICacheManager>()).Message;
        var direct = Assert.Throws<ArgumentException>(() => new HybridCacheStore(provider.GetRequiredService<HybridCache>()));

        Assert.Contains("Memoize:Stores:team:Type 'hybrid' cannot be used here", message, StringComparison.Ordinal);
        Assert.Contains("would store into itself", message, StringComparison.Ordinal);
        Assert.Contains("would store into itself", direct.Message, StringComparison.Ordinal);
    }
}
