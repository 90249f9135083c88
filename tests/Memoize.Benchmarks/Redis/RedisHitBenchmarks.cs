using System;
using System.Text.Json;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Memoize.Redis;
using StackExchange.Redis;

namespace Memoize.Benchmarks.Redis;

/// <summary>
/// A Redis hit through a memoized method against the code one would write by hand: StringGet of a string holding
/// the same value as JSON, and System.Text.Json deserialization of it. Goal: at most 1.1x the hand-written time.
/// The memoized side also builds the key, reads the entry's expiry with it (HMGET of the value and expiry fields)
/// and checks the payload header.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/Memoize.Benchmarks -- --filter '*RedisHit*'</c> (six launches of 15 iterations: a round trip on a shared machine is noisy, and each launch starts its own redis-server). Needs redis-server on the PATH.</remarks>
[Config(typeof(RedisHitBenchmarks.JobConfig))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RedisHitBenchmarks
{
    /// <summary>The job: <see cref="Launches"/> launches (six unless the paired runner asks for one) of 15 iterations.</summary>
    public sealed class JobConfig : ManualConfig
    {
        public JobConfig() => AddJob(Job.Default.WithLaunchCount(Launches).WithWarmupCount(5).WithIterationCount(15));
    }

    /// <summary>How many processes each benchmark is measured in.</summary>
    public static int Launches { get; set; } = 6;

    private LocalRedisServer? _server;
    private ConnectionMultiplexer? _handWrittenConnection;
    private IDatabase? _handWritten;
    private RedisKey _key;
    private CacheManager? _manager;
    private ProductCatalog? _catalog;

    [GlobalSetup]
    public void Setup()
    {
        _server = new LocalRedisServer();
        _manager = new CacheManager();
        _manager.AddStore("redis", new RedisCacheStore(_server.Endpoint));
        _catalog = new ProductCatalog(_manager);
        _catalog.GetProduct(42);
        _catalog.GetProductAsync(42).GetAwaiter().GetResult();

        _handWrittenConnection = ConnectionMultiplexer.Connect(_server.Endpoint);
#pragma warning disable CS0618 // Same setting as the store, so both sides complete commands the same way.
        _handWrittenConnection.PreserveAsyncOrder = false;
#pragma warning restore CS0618
        _handWritten = _handWrittenConnection.GetDatabase();
        // What a hand-written cache would keep: the same product as JSON in a plain string.
        _key = "hand-written:product:42";
        _handWritten.StringSet(_key, JsonSerializer.SerializeToUtf8Bytes(_catalog.GetProduct(42)));
        if (JsonSerializer.Serialize(HandWritten()) != JsonSerializer.Serialize(GetViaMemoize()) || _catalog.Computations != 2)
        {
            throw new InvalidOperationException("Both sides must read the same cached value.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _manager?.Dispose();
        _handWrittenConnection?.Dispose();
        _server?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "StringGet + Deserialize (hand-written)")]
    [BenchmarkCategory("sync")]
    public Product HandWritten() => JsonSerializer.Deserialize<Product>((byte[])_handWritten!.StringGet(_key)!)!;

    [Benchmark(Description = "[Cached] hit on Redis")]
    [BenchmarkCategory("sync")]
    public Product GetViaMemoize() => _catalog!.GetProduct(42);

    [Benchmark(Baseline = true, Description = "StringGetAsync + Deserialize (hand-written)")]
    [BenchmarkCategory("async")]
    public async Task<Product> HandWrittenAsync() => JsonSerializer.Deserialize<Product>((byte[])(await _handWritten!.StringGetAsync(_key))!)!;

    [Benchmark(Description = "[Cached] async hit on Redis")]
    [BenchmarkCategory("async")]
    public Task<Product> GetViaMemoizeAsync() => _catalog!.GetProductAsync(42);
}

/// <summary>The cached value: a small record, as a typical memoized lookup returns.</summary>
public sealed record Product(int Id, string Name, decimal Price, string[] Tags);

/// <summary>The memoized methods measured.</summary>
public sealed partial class ProductCatalog(CacheManager cache)
{
    private readonly CacheManager _cache = cache;

    public int Computations { get; private set; }

    [Cached(Store = "redis", Minutes = 60)]
    public partial Product GetProduct(int id);

    [Cached(Store = "redis", Minutes = 60)]
    public partial Task<Product> GetProductAsync(int id);

    private Product GetProductCore(int id)
    {
        Computations++;
        return new Product(id, "Product " + id, 9.99m, ["new", "popular"]);
    }

    private Task<Product> GetProductAsyncCore(int id)
    {
        Computations++;
        return Task.FromResult(new Product(id, "Product " + id, 9.99m, ["new", "popular"]));
    }
}
