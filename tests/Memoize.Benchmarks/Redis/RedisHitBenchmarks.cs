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

    private RedisHitFixture? _fixture;

    [GlobalSetup]
    public void Setup() => _fixture = new RedisHitFixture();

    [GlobalCleanup]
    public void Cleanup() => _fixture?.Dispose();

    [Benchmark(Baseline = true, Description = "StringGet + Deserialize (hand-written)")]
    [BenchmarkCategory("sync")]
    public Product HandWritten() => _fixture!.HandWritten();

    [Benchmark(Description = "[Cached] hit on Redis")]
    [BenchmarkCategory("sync")]
    public Product GetViaMemoize() => _fixture!.Memoized();

    [Benchmark(Baseline = true, Description = "StringGetAsync + Deserialize (hand-written)")]
    [BenchmarkCategory("async")]
    public Task<Product> HandWrittenAsync() => _fixture!.HandWrittenAsync();

    [Benchmark(Description = "[Cached] async hit on Redis")]
    [BenchmarkCategory("async")]
    public Task<Product> GetViaMemoizeAsync() => _fixture!.MemoizedAsync();
}

/// <summary>
/// A redis-server, a manager with the Redis store, and the four reads measured: product 42 read by hand and through
/// the memoized methods, synchronously and asynchronously.
/// </summary>
internal sealed class RedisHitFixture : IDisposable
{
    private readonly LocalRedisServer _server;
    private readonly CacheManager _manager;
    private readonly ProductCatalog _catalog;
    private readonly IDatabase _database;
    private readonly RedisKey _key = "hand-written:product:42";

    public RedisHitFixture()
    {
        _server = new LocalRedisServer();
        _manager = new CacheManager();
        var store = new RedisCacheStore(_server.Endpoint);
        _manager.AddStore("redis", store);
        _catalog = new ProductCatalog(_manager);
        _catalog.GetProduct(42);
        _catalog.GetProductAsync(42).GetAwaiter().GetResult();

        // The hand-written read goes over the store's own connection, as code sharing one multiplexer does: each
        // connection has its own socket and client threads, and the round trips of two connections differ by more
        // than the code measured here.
        _database = store.ConnectedDatabase();
        // What a hand-written cache would keep: the same product as JSON in a plain string.
        _database.StringSet(_key, JsonSerializer.SerializeToUtf8Bytes(_catalog.GetProduct(42)));
        if (JsonSerializer.Serialize(HandWritten()) != JsonSerializer.Serialize(MemoizedAsync().GetAwaiter().GetResult()) || _catalog.Computations != 2)
        {
            throw new InvalidOperationException("Both sides must read the same cached value.");
        }
    }

    public Product HandWritten() => JsonSerializer.Deserialize<Product>((byte[])_database.StringGet(_key)!)!;

    public async Task<Product> HandWrittenAsync() => JsonSerializer.Deserialize<Product>((byte[])(await _database.StringGetAsync(_key))!)!;

    public Product Memoized() => _catalog.GetProduct(42);

    public Task<Product> MemoizedAsync() => _catalog.GetProductAsync(42);

    public void Dispose()
    {
        _manager.Dispose();
        _server.Dispose();
    }
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
