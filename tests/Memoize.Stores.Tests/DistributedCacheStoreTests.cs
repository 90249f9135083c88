using System;
using System.Threading.Tasks;
using Memoize.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Memoize.Stores.Tests;

/// <summary>The store contract against the adapter over an <see cref="IDistributedCache"/> (here the in-memory one).</summary>
public sealed class DistributedCacheStoreContractTests : CacheStoreContract<DistributedCacheStore>
{
    protected override DistributedCacheStore CreateStore(TimeProvider clock)
        => new(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())));
}

public sealed class DistributedCacheStoreTests
{
    [Fact]
    public async Task A_flush_in_one_process_is_seen_by_another_sharing_the_cache()
    {
        var shared = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var options = new DistributedCacheStoreOptions { GenerationRefresh = TimeSpan.Zero };
        using var first = new CacheManager();
        using var second = new CacheManager();
        first.AddStore("d", new DistributedCacheStore(shared, options));
        second.AddStore("d", new DistributedCacheStore(shared, options));

        await first.Cache("d").PutAsync("k", "v");
        Assert.Equal("v", await second.Cache("d").GetAsync<string>("k"));

        await second.Cache("d").FlushAsync();

        Assert.False(await first.Cache("d").HasAsync("k"));
    }

    [Fact]
    public async Task Configuration_names_the_registered_distributed_cache()
    {
        var services = new ServiceCollection();
        services.AddDistributedMemoryCache();
        services.AddMemoize(o =>
        {
            o.AddStore("team", "distributed", s => s.Settings["KeyPrefix"] = "team:");
            o.DefaultStore = "team";
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<ICacheManager>();

        int computed = 0;
        await manager.RememberAsync("answer", null, _ => new ValueTask<int>(++computed + 41));
        int again = await manager.RememberAsync("answer", null, _ => new ValueTask<int>(++computed + 41));

        Assert.Equal((42, 1), (again, computed));
        Assert.NotNull(await provider.GetRequiredService<IDistributedCache>().GetAsync("team:0:answer"));
    }

    [Fact]
    public void Without_a_registered_distributed_cache_start_up_fails_naming_the_store()
    {
        var services = new ServiceCollection();
        services.AddMemoize(o => o.AddStore("team", "distributed"));
        using ServiceProvider provider = services.BuildServiceProvider();

        string message = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICacheManager>()).Message;

        Assert.Contains("Memoize:Stores:team:Type 'distributed' needs an IDistributedCache", message, StringComparison.Ordinal);
    }
}
