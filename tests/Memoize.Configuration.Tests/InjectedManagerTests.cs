using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize.Configuration.Tests;

/// <summary>A service as an application writes it: the manager comes from the container through the constructor.</summary>
public sealed partial class QuoteService
{
    private readonly ICacheManager _cache;
    private int _computations;

    public QuoteService(ICacheManager cache) => _cache = cache;

    public int Computations => Volatile.Read(ref _computations);

    [Cached(KeyPrefix = "quote", Minutes = 5)]
    public partial Task<string> GetQuoteAsync(string symbol, CancellationToken cancellationToken);

    private Task<string> GetQuoteAsyncCore(string symbol, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _computations);
        return Task.FromResult($"{symbol}:{_computations}");
    }
}

public sealed class InjectedManagerTests
{
    [Fact]
    public async Task Generated_code_in_a_container_created_service_uses_the_injected_manager()
    {
        var services = new ServiceCollection();
        services.AddMemoize(o => o.AddStore("db", "memory"));
        services.AddTransient<QuoteService>();
        using ServiceProvider provider = services.BuildServiceProvider();
        var manager = provider.GetRequiredService<CacheManager>();

        QuoteService first = provider.GetRequiredService<QuoteService>();
        QuoteService second = provider.GetRequiredService<QuoteService>();
        string computed = await first.GetQuoteAsync("MSFT", CancellationToken.None);
        string cached = await second.GetQuoteAsync("MSFT", CancellationToken.None);

        Assert.Equal("MSFT:1", computed);
        Assert.Equal(computed, cached);
        Assert.Equal(1, first.Computations);
        Assert.Equal(0, second.Computations);
        Assert.Equal("MSFT:1", manager.Get<string>("quote:\"MSFT\""));
        Assert.False(CacheManager.Default.Has("quote:\"MSFT\""));
    }

    [Fact]
    public async Task Two_containers_keep_separate_caches()
    {
        static ServiceProvider Container()
        {
            var services = new ServiceCollection();
            services.AddMemoize();
            services.AddSingleton<QuoteService>();
            return services.BuildServiceProvider();
        }

        using ServiceProvider one = Container();
        using ServiceProvider two = Container();

        await one.GetRequiredService<QuoteService>().GetQuoteAsync("A", CancellationToken.None);
        await two.GetRequiredService<QuoteService>().GetQuoteAsync("A", CancellationToken.None);

        Assert.Equal(1, one.GetRequiredService<QuoteService>().Computations);
        Assert.Equal(1, two.GetRequiredService<QuoteService>().Computations);
    }
}
