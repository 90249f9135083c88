using System;
using System.Linq;
using System.Threading.Tasks;
using Memoize.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Memoize.Redis.Tests.Store;

/// <summary>A store on the application's own multiplexer: it uses that connection, and leaves it open when disposed.</summary>
[Collection(SingleRedisCollection.Name)]
public sealed class SharedConnectionTests(SingleRedisFixture redis)
{
    private readonly string _namespace = "memoize-shared:" + Guid.NewGuid().ToString("N")[..12] + ":";

    [RedisFact]
    public async Task A_store_on_the_applications_multiplexer_sends_its_commands_over_it_and_never_closes_it()
    {
        string clientName = "app-" + Guid.NewGuid().ToString("N")[..8];
        using ConnectionMultiplexer application = await ConnectionMultiplexer.ConnectAsync($"{redis.Configuration},name={clientName}");
        IDatabase appDatabase = application.GetDatabase();

        using (var store = new RedisCacheStore(application, new RedisCacheStoreOptions { KeyNamespace = _namespace }))
        using (var layered = new LayeredCacheStore(store))
        using (var manager = new CacheManager())
        {
            manager.AddStore("redis", store);
            manager.AddStore("layered", layered);
            await manager.Cache("redis").PutAsync("k", "shared");
            Assert.Equal("shared", await manager.Cache("redis").GetAsync<string>("k"));
            Assert.Equal("shared", manager.Cache("layered").Get<string>("k"));

            // The read went over the application's connection: its client is the one whose last command was the read.
            Assert.Contains(ClientList(), line => line.Contains($"name={clientName} ", StringComparison.Ordinal) && line.Contains("cmd=hmget", StringComparison.Ordinal));
            Assert.True(appDatabase.KeyExists(_namespace + "k"));
        }

        Assert.True(application.IsConnected, "disposing the store closed the application's multiplexer");
        appDatabase.StringSet(_namespace + "after", "still usable");
        Assert.Equal("still usable", (string?)appDatabase.StringGet(_namespace + "after"));
        appDatabase.KeyDelete([_namespace + "k", _namespace + "after"]);
    }

    [RedisFact]
    public async Task A_store_on_the_applications_multiplexer_uses_its_default_database()
    {
        using ConnectionMultiplexer application = await ConnectionMultiplexer.ConnectAsync($"{redis.Configuration},defaultDatabase=3");
        using var store = new RedisCacheStore(application, new RedisCacheStoreOptions { KeyNamespace = _namespace });

        await store.SetAsync("in-three", new byte[] { 1 }, null);

        Assert.Equal("1", RedisCli.Run(redis.Server.Port, "-n", "3", "exists", _namespace + "in-three"));
        Assert.Equal("0", RedisCli.Run(redis.Server.Port, "-n", "0", "exists", _namespace + "in-three"));
        await store.ClearAsync();
        Assert.Equal("0", RedisCli.Run(redis.Server.Port, "-n", "3", "exists", _namespace + "in-three"));
    }

    [Fact]
    public void A_null_multiplexer_is_refused_by_name()
    {
        ArgumentNullException error = Assert.Throws<ArgumentNullException>(() => new RedisCacheStore((IConnectionMultiplexer)null!));
        Assert.Equal("multiplexer", error.ParamName);
    }

    private string[] ClientList() => RedisCli.Run(redis.Server.Port, "client", "list").Split('\n').Select(static line => line.Trim() + " ").ToArray();
}
