using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Benchmarks.Peers;

/// <summary>
/// The value read through Redis by every contender: a small record, as a typical cached lookup returns. Marked
/// immutable because HybridCache's documentation asks for it so that its memory level hands out the same instance
/// instead of deserializing on every hit (the most favourable setting for HybridCache).
/// </summary>
[ImmutableObject(true)]
public sealed record PeerProduct(int Id, string Name, decimal Price, string[] Tags)
{
    /// <summary>The computation every contender caches.</summary>
    public static PeerProduct Load(int id) => new(id, "Product " + id, 9.99m, ["new", "popular"]);
}

/// <summary>The product lookup memoized by Memoize on the layered store (memory in front of Redis).</summary>
public sealed partial class LayeredProductCatalog(CacheManager cache)
{
    private readonly CacheManager _cache = cache;
    private int _computations;

    /// <summary>How many times a lookup ran.</summary>
    public int Computations => Volatile.Read(ref _computations);

    /// <summary>Synchronous.</summary>
    [Cached(Store = PeerRedisHitBenchmarks.LayeredStore, Minutes = 30)]
    public partial PeerProduct GetProduct(int id);

    /// <summary>Asynchronous.</summary>
    [Cached(Store = PeerRedisHitBenchmarks.LayeredStore, Minutes = 30)]
    public partial Task<PeerProduct> GetProductAsync(int id);

    private PeerProduct GetProductCore(int id)
    {
        Interlocked.Increment(ref _computations);
        return PeerProduct.Load(id);
    }

    private Task<PeerProduct> GetProductAsyncCore(int id) => Task.FromResult(GetProductCore(id));
}
