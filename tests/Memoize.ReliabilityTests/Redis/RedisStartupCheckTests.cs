using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Redis;
using Memoize.Redis.Tests.Infrastructure;
using Memoize.ReliabilityTests.Subjects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Memoize.ReliabilityTests.Redis;

/// <summary>
/// What an application sees at start-up with a Redis store: a password Redis refuses stops the host's start (and
/// <see cref="RedisCacheStore.ConnectAsync"/>) with a message that names the endpoint and the setting, never the
/// password; the right one starts and caches; a Redis that is down does not stop the start, and is used once it is up.
/// </summary>
/// <remarks>
/// Run alone: each command has the store's default operation timeout (2 s), which a machine busy with the other
/// tests' processes and blocked threads could exceed, and a timed-out command would read here as a caching defect.
/// </remarks>
[Collection(RedisStartupCollection.Name)]
public sealed class RedisStartupCheckTests(ITestOutputHelper output) : IDisposable
{
    private const string Password = "correct-horse-battery-staple";
    private const string WrongPassword = "wrong-horse-7731";
    private readonly CapturingLogger _log = new();
    private RedisServer? _server;
    private IHost? _host;

    [RedisFact]
    public async Task A_wrong_password_fails_the_host_start_and_ConnectAsync_naming_the_endpoint_and_the_setting_but_never_the_password()
    {
        _server = await StartWithPasswordAsync();
        string configuration = $"{_server.Endpoint},password={WrongPassword}";

        var startedLater = new RecordingHostedService();
        _host = BuildHost(configuration, startedLater);
        MemoizeConfigurationException refused = await Assert.ThrowsAsync<MemoizeConfigurationException>(() => _host.StartAsync());
        output.WriteLine(refused.ToString());

        Assert.Contains($"Cache store '{Echo.StoreName}'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"Redis at {_server.Endpoint} rejected the password", refused.Message, StringComparison.Ordinal);
        Assert.Contains("password=", refused.Message, StringComparison.Ordinal);
        Assert.False(startedLater.Started, "a hosted service registered after Memoize started although the store's check failed");
        AssertNoPassword(refused, WrongPassword);

        using var store = new RedisCacheStore(Options(configuration));
        MemoizeConfigurationException direct = await Assert.ThrowsAsync<MemoizeConfigurationException>(() => store.ConnectAsync().AsTask());
        Assert.StartsWith($"Redis at {_server.Endpoint} rejected the password", direct.Message, StringComparison.Ordinal);
        AssertNoPassword(direct, WrongPassword);
    }

    [RedisFact]
    public async Task No_password_against_a_redis_that_requires_one_fails_the_host_start_saying_a_password_is_needed()
    {
        _server = await StartWithPasswordAsync();

        _host = BuildHost(_server.Endpoint);
        MemoizeConfigurationException refused = await Assert.ThrowsAsync<MemoizeConfigurationException>(() => _host.StartAsync());
        output.WriteLine(refused.Message);

        Assert.Contains($"Redis at {_server.Endpoint} requires a password (NOAUTH) and none is configured", refused.Message, StringComparison.Ordinal);
        AssertNoPassword(refused, Password);
    }

    [RedisFact]
    public async Task The_right_password_starts_the_host_and_memoized_calls_are_served_from_redis()
    {
        _server = await StartWithPasswordAsync();

        _host = BuildHost($"{_server.Endpoint},password={Password}");
        await _host.StartAsync();

        var manager = _host.Services.GetRequiredService<CacheManager>();
        var store = (RedisCacheStore)manager.Store(Echo.StoreName);
        var echo = new Echo(manager);
        Assert.Equal(Echo.Expected("a", 1), echo.Describe("a", 1));
        Assert.Equal(Echo.Expected("a", 1), echo.Describe("a", 1));

        // A failed command would explain a second computation: it is named first, with the log.
        Assert.True(store.Failures == 0 && _log.Count(LogLevel.Warning) == 0, $"failures {store.Failures}; log: {_log}");
        Assert.Equal(1, echo.Calls);
        Assert.True(store.Hits >= 1, $"hits {store.Hits}, failures {store.Failures}; log: {_log}");
    }

    [RedisFact]
    public async Task A_database_index_redis_does_not_have_fails_ConnectAsync_naming_the_setting()
    {
        _server = await StartWithPasswordAsync();

        using var store = new RedisCacheStore(Options($"{_server.Endpoint},password={Password},defaultDatabase=99"));
        MemoizeConfigurationException refused = await Assert.ThrowsAsync<MemoizeConfigurationException>(() => store.ConnectAsync().AsTask());
        output.WriteLine(refused.Message);

        Assert.Contains($"Redis at {_server.Endpoint} has no database 99", refused.Message, StringComparison.Ordinal);
        Assert.Contains("defaultDatabase=", refused.Message, StringComparison.Ordinal);
        AssertNoPassword(refused, Password);
    }

    [RedisFact]
    public async Task With_ValidateOnStart_false_a_wrong_password_does_not_stop_the_host_and_memoized_calls_compute()
    {
        _server = await StartWithPasswordAsync();

        _host = BuildHost($"{_server.Endpoint},password={WrongPassword}", validateOnStart: false);
        await _host.StartAsync();

        var echo = new Echo(_host.Services.GetRequiredService<CacheManager>());
        Assert.Equal(Echo.Expected("b", 2), echo.Describe("b", 2));
        Assert.Equal(Echo.Expected("b", 2), echo.Describe("b", 2));
        Assert.Equal(2, echo.Calls);
    }

    [RedisFact]
    public async Task Redis_down_at_the_host_start_does_not_stop_it_memoized_calls_compute_and_redis_is_used_once_it_is_up()
    {
        _server = RedisServer.Reserve();

        _host = BuildHost(_server.Endpoint);
        var starting = Stopwatch.StartNew();
        await _host.StartAsync();
        starting.Stop();

        // Nothing listens on the port, so connecting fails at once; the bound is the store's connect timeout (5 s by default) and slack for a busy machine.
        Assert.True(starting.Elapsed < TimeSpan.FromSeconds(10), $"the host took {starting.Elapsed} to start with Redis down");
        Assert.Equal(1, _log.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("Redis cache store unavailable", StringComparison.Ordinal)));
        var manager = _host.Services.GetRequiredService<CacheManager>();
        var store = (RedisCacheStore)manager.Store(Echo.StoreName);
        var echo = new Echo(manager);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(Echo.Expected("down", i % 3), echo.Describe("down", i % 3));
        }

        Assert.Equal(0, store.Hits);

        _server.Restart();
        var waited = Stopwatch.StartNew();
        while (store.Hits == 0 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            Assert.Equal(Echo.Expected("up", 1), echo.Describe("up", 1));
            await Task.Delay(50);
        }

        Assert.True(store.Hits > 0, $"no hit within {waited.Elapsed} of Redis coming up; failures {store.Failures}; log: {_log}");
    }

    public void Dispose()
    {
        _host?.Dispose();
        _server?.Dispose();
    }

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private IHost BuildHost(string connectionString, IHostedService? after = null, bool validateOnStart = true)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(new CapturingLoggerProvider(_log));
        builder.Services.AddMemoize(options => options.AddStore(Echo.StoreName, "redis", store =>
        {
            store.ConnectionString = connectionString;
            store.Settings["KeyNamespace"] = "startup:";
            if (!validateOnStart)
            {
                store.Settings["ValidateOnStart"] = "false";
            }
        })).AddRedisStoreType();
        if (after is not null)
        {
            builder.Services.AddSingleton(after);
        }

        return builder.Build();
    }

    /// <summary>The exception, its inner exceptions and everything logged must not show <paramref name="password"/>.</summary>
    private void AssertNoPassword(Exception refused, string password)
    {
        Assert.DoesNotContain(password, refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, _log.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A server that requires <see cref="Password"/>; the fixture checks it is up with unauthenticated commands, so the password is set after.</summary>
    private static async Task<RedisServer> StartWithPasswordAsync()
    {
        RedisServer server = RedisServer.Start();
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, server.Port);
        System.Net.Sockets.NetworkStream stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"CONFIG SET requirepass {Password}\r\n"));
        byte[] reply = new byte[64];
        int read = await stream.ReadAsync(reply);
        Assert.StartsWith("+OK", System.Text.Encoding.ASCII.GetString(reply, 0, read), StringComparison.Ordinal);
        return server;
    }

    private RedisCacheStoreOptions Options(string configuration) => new()
    {
        Configuration = configuration,
        KeyNamespace = "startup:",
        ConnectTimeout = ConnectTimeout,
        OperationTimeout = TimeSpan.FromSeconds(5),
        Logger = _log,
    };

    private sealed class RecordingHostedService : IHostedService
    {
        public bool Started { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class CapturingLoggerProvider(CapturingLogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}

/// <summary>The start-up checks, run with no other test competing for the cores and the thread pool.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisStartupCollection
{
    public const string Name = "Redis start-up";
}
