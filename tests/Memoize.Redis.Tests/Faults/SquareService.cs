using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Redis.Tests.Faults;

/// <summary>Memoized methods on the Redis store, generated exactly as in a user's project.</summary>
public sealed partial class SquareService(CacheManager cache)
{
    private readonly CacheManager _cache = cache;
    private int _computations;

    public int Computations => Volatile.Read(ref _computations);

    [Cached(Store = "redis", Minutes = 5)]
    public partial int Square(int x);

    [Cached(Store = "redis", Minutes = 5)]
    public partial Task<long> CubeAsync(int x);

    private int SquareCore(int x)
    {
        Interlocked.Increment(ref _computations);
        return x * x;
    }

    private Task<long> CubeAsyncCore(int x)
    {
        Interlocked.Increment(ref _computations);
        return Task.FromResult((long)x * x * x);
    }
}
