using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Memoize;
using Memoize.Redis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

// The application's own connection, shared by its IDistributedCache and by Memoize.
string endpoint = args.Length > 0 ? args[0] : "127.0.0.1:6379";
ConfigurationOptions configuration = ConfigurationOptions.Parse(endpoint);
configuration.AllowAdmin = true; // only to read INFO clients below, which shows that Memoize opened no connection of its own
using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(configuration);
IServer server = redis.GetServer(redis.GetEndPoints()[0]);

var services = new ServiceCollection();
services.AddSingleton<IConnectionMultiplexer>(redis);
services.AddStackExchangeRedisCache(o =>
{
    o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(redis);
    o.InstanceName = "consumer-distributed:";
});
services.AddSingleton(provider =>
{
    var manager = new CacheManager();
    manager.AddStore("redis", new RedisCacheStore(provider.GetRequiredService<IConnectionMultiplexer>(), new RedisCacheStoreOptions { KeyNamespace = "consumer-memoize:" }));
    return manager;
});
services.AddSingleton<Quotes>();
await using ServiceProvider provider = services.BuildServiceProvider();

IDistributedCache distributed = provider.GetRequiredService<IDistributedCache>();
await distributed.SetStringAsync("greeting", "from IDistributedCache");
long clientsBefore = ConnectedClients(server);

var quotes = provider.GetRequiredService<Quotes>();
string first = await quotes.QuoteAsync("redis");
string second = await quotes.QuoteAsync("redis");
long clientsAfter = ConnectedClients(server);

Console.WriteLine($"distributed: {await distributed.GetStringAsync("greeting")}");
Console.WriteLine($"memoized: {second} (same as first: {first == second}); computed {quotes.Computations} time(s)");
Console.WriteLine($"memoize entries in redis: {server.Keys(pattern: "consumer-memoize:*").Count()}");
Console.WriteLine($"connected clients before Memoize: {clientsBefore}, after: {clientsAfter}");
Console.WriteLine($"StackExchange.Redis {typeof(IConnectionMultiplexer).Assembly.GetName().Version}");

static long ConnectedClients(IServer server)
{
    foreach (IGrouping<string, KeyValuePair<string, string>> section in server.Info("clients"))
    {
        foreach (KeyValuePair<string, string> pair in section)
        {
            if (pair.Key == "connected_clients")
            {
                return long.Parse(pair.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    return -1;
}

public sealed partial class Quotes(CacheManager cache)
{
    private readonly CacheManager _cache = cache;

    public int Computations { get; private set; }

    [Cached(Store = "redis", Minutes = 1)]
    public partial Task<string> QuoteAsync(string topic);

    private Task<string> QuoteAsyncCore(string topic)
    {
        Computations++;
        return Task.FromResult($"a quote about {topic}");
    }
}
