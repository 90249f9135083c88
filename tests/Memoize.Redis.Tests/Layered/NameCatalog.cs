using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Redis.Tests.Layered;

/// <summary>
/// Memoized methods on a layered store, generated exactly as in a user's project. Each instance stands for one process;
/// instances of two "processes" may share one <see cref="Source"/> (the database behind the cache).
/// </summary>
public sealed partial class NameCatalog(CacheManager cache, ConcurrentDictionary<int, string>? source = null)
{
    public const string Store = "layered";

    private readonly CacheManager _cache = cache;
    private int _computations;

    public ICache Cache() => _cache.Cache(Store);

    public ConcurrentDictionary<int, string> Source { get; } = source ?? new();

    /// <summary>Makes every computation fail, as a database that is down.</summary>
    public bool Failing { get; set; }

    public int Computations => Volatile.Read(ref _computations);

    [Cached(Store = Store, KeyPrefix = "name", Minutes = 5, Unless = nameof(IsEmpty))]
    public partial string Name(int id);

    [Cached(Store = Store, KeyPrefix = "name-task", Minutes = 5)]
    public partial Task<string> NameAsync(int id);

    [Cached(Store = Store, KeyPrefix = "length", Minutes = 5)]
    public partial ValueTask<int> LengthAsync(int id);

    [Cached(Store = Store, KeyPrefix = "bytes", Minutes = 5)]
    public partial byte[] Bytes(int id);

    [Cached(Store = Store, KeyPrefix = "fail-safe", Minutes = 1, FailSafeMinutes = 10)]
    public partial string FailSafe(int id);

    [Cached(Store = Store, KeyPrefix = "eager", Minutes = 1, EagerRefresh = 0.5)]
    public partial string Eager(int id);

    [InvalidatesCache(nameof(Name))]
    public partial bool ForgetName(int id);

    private static bool IsEmpty(string name) => name.Length == 0;

    private string Compute(int id)
    {
        Interlocked.Increment(ref _computations);
        return Failing ? throw new InvalidOperationException("The source is down.") : (Source.TryGetValue(id, out string? name) ? name : "none");
    }

    private string NameCore(int id) => Compute(id);

    private Task<string> NameAsyncCore(int id) => Task.FromResult(Compute(id));

    private ValueTask<int> LengthAsyncCore(int id) => new(Compute(id).Length);

    private byte[] BytesCore(int id) => System.Text.Encoding.UTF8.GetBytes(Compute(id));

    private string FailSafeCore(int id) => Compute(id);

    private string EagerCore(int id) => Compute(id);
}
