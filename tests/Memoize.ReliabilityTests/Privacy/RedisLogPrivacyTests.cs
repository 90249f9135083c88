using System;
using System.Threading.Tasks;
using Memoize.Redis;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.ReliabilityTests.Subjects;

namespace Memoize.ReliabilityTests.Privacy;

/// <summary>When Redis goes away mid-call, the store logs the outage: the log must not carry the key, so not the arguments either.</summary>
public sealed class RedisLogPrivacyTests : IDisposable
{
    private const string Secret = "ssn-010203-12345";
    private RedisServer? _server;

    [RedisFact]
    public async Task An_outage_log_never_contains_the_arguments_of_the_call_that_met_it()
    {
        _server = RedisServer.Start();
        var logger = new CapturingLogger();
        using var store = new RedisCacheStore(new RedisCacheStoreOptions
        {
            Configuration = _server.Endpoint,
            KeyNamespace = "log-privacy:",
            OperationTimeout = TimeSpan.FromMilliseconds(500),
            ConnectTimeout = TimeSpan.FromSeconds(1),
            BreakDuration = TimeSpan.FromMilliseconds(200),
            Logger = logger,
        });
        using var manager = new CacheManager();
        manager.AddStore(Echo.StoreName, store);
        var accounts = new Accounts(manager);
        accounts.FindId(Secret, 0);

        _server.Kill();
        for (int i = 1; i <= 20; i++)
        {
            Assert.Equal((Secret.Length * 1000) + i, accounts.FindId(Secret, i));
            await Task.Delay(20);
        }

        _server.Restart();
        for (int i = 0; i < 200 && store.IsUnavailable; i++)
        {
            accounts.FindId(Secret, 100 + i);
            await Task.Delay(20);
        }

        Assert.True(logger.Entries.Count > 0, "the outage was logged");
        Assert.DoesNotContain(Secret, logger.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _server?.Dispose();
}
