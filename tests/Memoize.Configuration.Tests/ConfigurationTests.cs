using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Memoize.Configuration.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "memoize-config-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static ServiceProvider Build(string json, Action<MemoizeBuilder>? more = null)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection();
        MemoizeBuilder builder = services.AddMemoize(configuration.GetSection("Memoize"));
        more?.Invoke(builder);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Stores_and_ttl_from_json_make_a_working_manager()
    {
        string json = $$"""
        {
          "Memoize": {
            "DefaultStore": "db",
            "DefaultTtl": "00:05:00",
            "KeyPrefix": "app:",
            "Stores": {
              "hot": { "Type": "memory", "Settings": { "SizeLimit": "2" } },
              "files": { "Type": "file", "Settings": { "Directory": {{System.Text.Json.JsonSerializer.Serialize(_directory)}}, "MaxEntries": "100" } },
              "db": { "Type": "sqlite", "ConnectionString": "Data Source=:memory:" },
              "off": { "Type": "null" }
            }
          }
        }
        """;
        using ServiceProvider provider = Build(json, b => b.AddSqliteStoreType());

        var manager = provider.GetRequiredService<ICacheManager>();

        Assert.Same(provider.GetRequiredService<CacheManager>(), manager);
        Assert.Equal(TimeSpan.FromMinutes(5), manager.DefaultTtl);
        Assert.Equal(["db", "files", "hot", "memory", "null", "off"], ((CacheManager)manager).StoreNames);
        Assert.IsType<SqliteCacheStore>(((CacheManager)manager).Store());
        manager.Put("k", "in sqlite");
        manager.Cache("files").Put("k", "in a file");
        manager.Cache("hot").Put("k", "in memory");
        manager.Cache("off").Put("k", "nowhere");
        Assert.Equal("in sqlite", manager.Get<string>("k"));
        Assert.Equal("in a file", manager.Cache("files").Get<string>("k"));
        Assert.Equal("in memory", manager.Cache("hot").Get<string>("k"));
        Assert.False(manager.Cache("off").Has("k"));
        Assert.Single(Directory.GetFiles(_directory, "*", SearchOption.AllDirectories));
        Assert.Equal(2, ((MemoryCacheStore)((CacheManager)manager).Store("hot")).SizeLimit);
    }

    [Fact]
    public void Code_changes_apply_after_configuration()
    {
        using ServiceProvider provider = Build("""{ "Memoize": { "DefaultTtl": "00:05:00" } }""",
            b => b.Configure(o => o.AddStore("custom", (_, m) => new MemoryCacheStore(timeProvider: m.TimeProvider), keyPrefix: "c:")));

        var manager = provider.GetRequiredService<CacheManager>();

        Assert.Equal(TimeSpan.FromMinutes(5), manager.DefaultTtl);
        Assert.Equal("c:", manager.KeyPrefixOf("custom"));
    }

    [Fact]
    public void An_unknown_store_type_fails_start_up_naming_the_setting()
    {
        using ServiceProvider provider = Build("""{ "Memoize": { "Stores": { "shared": { "Type": "memcached" } } } }""");

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICacheManager>());
        Assert.Contains("Memoize:Stores:shared:Type 'memcached' is not a known store type", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'memory'", exception.Message, StringComparison.Ordinal);

        // The host runs the same check before it starts (ValidateOnStart).
        var startup = provider.GetRequiredService<IStartupValidator>();
        Assert.Contains("Memoize:Stores:shared:Type", Assert.Throws<OptionsValidationException>(startup.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sqlite_type_is_unknown_until_its_package_registers_it()
    {
        using ServiceProvider provider = Build("""{ "Memoize": { "Stores": { "db": { "Type": "sqlite" } } } }""");

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICacheManager>());
        Assert.Contains("AddSqliteStoreType()", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-00:01:00")]
    [InlineData("00:00:00")]
    [InlineData("soon")]
    public void A_ttl_that_is_not_positive_fails_start_up_naming_the_setting(string ttl)
    {
        using ServiceProvider provider = Build($$"""{ "Memoize": { "DefaultTtl": "{{ttl}}" } }""");

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICacheManager>());
        Assert.Contains($"Memoize:DefaultTtl must be a positive time span such as 00:10:00; got '{ttl}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_store_settings_and_a_missing_default_store_are_all_reported()
    {
        using ServiceProvider provider = Build("""
        {
          "Memoize": {
            "DefaultStore": "main",
            "Stores": {
              "files": { "Type": "file" },
              "hot": { "Type": "memory", "Settings": { "SizeLimit": "-3" } },
              "typeless": { }
            }
          }
        }
        """);

        string message = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICacheManager>()).Message;

        Assert.Contains("Memoize:Stores:files:Settings:Directory", message, StringComparison.Ordinal);
        Assert.Contains("Memoize:Stores:hot:Settings:SizeLimit must be a positive whole number; got '-3'", message, StringComparison.Ordinal);
        Assert.Contains("Memoize:Stores:typeless:Type is required", message, StringComparison.Ordinal);
        Assert.Contains("Memoize:DefaultStore 'main' names no store", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_redis_package_registers_its_store_type_and_checks_its_settings()
    {
        using ServiceProvider good = Build(
            """{ "Memoize": { "DefaultStore": "shared", "Stores": { "shared": { "Type": "redis", "ConnectionString": "127.0.0.1:1", "Settings": { "KeyNamespace": "app:" } } } } }""",
            b => Memoize.Redis.RedisMemoizeBuilderExtensions.AddRedisStoreType(b));
        using ServiceProvider bad = Build(
            """{ "Memoize": { "Stores": { "shared": { "Type": "redis", "Settings": { "DistributedLock": "maybe" } } } } }""",
            b => Memoize.Redis.RedisMemoizeBuilderExtensions.AddRedisStoreType(b));

        // The store connects on first use only, so a manager with a Redis store starts without a server.
        Assert.Contains("shared", good.GetRequiredService<CacheManager>().StoreNames);
        Assert.Contains("Memoize:Stores:shared:ConnectionString is required for a store of type 'redis'",
            Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<ICacheManager>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_configuration_the_manager_has_the_memory_default()
    {
        var services = new ServiceCollection();
        services.AddMemoize(o => o.DefaultTtl = TimeSpan.FromSeconds(30));
        using ServiceProvider provider = services.BuildServiceProvider();

        var manager = provider.GetRequiredService<CacheManager>();

        Assert.Equal(TimeSpan.FromSeconds(30), manager.DefaultTtl);
        Assert.IsType<MemoryCacheStore>(manager.Store());
        Assert.NotSame(CacheManager.Default, manager);
    }
    [Fact]
    public async Task The_resilience_defaults_bind_from_configuration_and_apply_to_remember()
    {
        using ServiceProvider provider = Build("""
        {
          "Memoize": {
            "FailSafeMinutes": "10",
            "FailSafeThrottleSeconds": "45",
            "SoftTimeoutMilliseconds": "200",
            "HardTimeoutMilliseconds": "2000",
            "EagerRefresh": "0.75",
            "JitterSeconds": "5"
          }
        }
        """);

        var manager = provider.GetRequiredService<CacheManager>();

        Assert.Equal(10, manager.Options.FailSafeMinutes);
        Assert.Equal(45, manager.Options.FailSafeThrottleSeconds);
        Assert.Equal(200, manager.Options.SoftTimeoutMilliseconds);
        Assert.Equal(2000, manager.Options.HardTimeoutMilliseconds);
        Assert.Equal(0.75, manager.Options.EagerRefresh);
        Assert.Equal(5, manager.Options.JitterSeconds);

        // Fail-safe from configuration: the last good value survives a failing factory after its time to live.
        var clock = new Memoize.Testing.FakeTimeProvider();
        using ServiceProvider clocked = Build("""{ "Memoize": { "FailSafeMinutes": "10" } }""", b => b.Services.AddSingleton<TimeProvider>(clock));
        var cache = clocked.GetRequiredService<CacheManager>();
        Assert.Equal(1, await cache.RememberAsync("k", TimeSpan.FromMinutes(1), _ => new ValueTask<int>(1)));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await cache.RememberAsync<int>("k", TimeSpan.FromMinutes(1), _ => throw new InvalidOperationException("down")));
    }

    [Theory]
    [InlineData("FailSafeMinutes", "ten", "Memoize:FailSafeMinutes must be a whole number; got 'ten'")]
    [InlineData("FailSafeMinutes", "-1", "Memoize:FailSafeMinutes must be 0 (off) or more; got -1")]
    [InlineData("FailSafeThrottleSeconds", "0", "Memoize:FailSafeThrottleSeconds must be 1 or more; got 0")]
    [InlineData("SoftTimeoutMilliseconds", "-3", "Memoize:SoftTimeoutMilliseconds must be 0 (none) or more; got -3")]
    [InlineData("HardTimeoutMilliseconds", "1.5", "Memoize:HardTimeoutMilliseconds must be a whole number; got '1.5'")]
    [InlineData("EagerRefresh", "1", "Memoize:EagerRefresh must be 0 (none) or strictly between 0 and 1; got 1")]
    [InlineData("EagerRefresh", "soon", "Memoize:EagerRefresh must be a number, 0 (none) or strictly between 0 and 1 such as 0.8; got 'soon'")]
    [InlineData("JitterSeconds", "-2", "Memoize:JitterSeconds must be 0 (none) or more; got -2")]
    public void A_resilience_default_out_of_range_fails_start_up_naming_the_setting(string setting, string value, string message)
    {
        using ServiceProvider provider = Build($$"""{ "Memoize": { "{{setting}}": "{{value}}" } }""");

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICacheManager>());
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_soft_timeout_not_below_the_hard_timeout_fails_start_up_naming_both()
    {
        using ServiceProvider provider = Build("""{ "Memoize": { "SoftTimeoutMilliseconds": "500", "HardTimeoutMilliseconds": "500" } }""");

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ICacheManager>());
        Assert.Contains("Memoize:SoftTimeoutMilliseconds must be less than HardTimeoutMilliseconds when both are set; got 500 and 500", exception.Message, StringComparison.Ordinal);
    }
}
