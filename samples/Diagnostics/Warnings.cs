using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize;

[assembly: CacheStores("redis")]

namespace Diagnostics;

/// <summary>Methods that generate but would cache the wrong thing: one per Memoize warning.</summary>
public partial class Warnings
{
    // MEMO020: an interface cannot be read back from a serializing store.
    [Cached(Store = "redis")]
    public partial IComparable Compare(int id);
    private IComparable CompareCore(int id) => id;

    // MEMO021 (twice): same KeyPrefix, same store, one key argument each.
    [Cached(KeyPrefix = "user")]
    public partial string Name(int id);
    private string NameCore(int id) => "";

    [Cached(KeyPrefix = "user")]
    public partial string Email(int id);
    private string EmailCore(int id) => "";

    // MEMO022: "reddis" is not declared by [assembly: CacheStores("redis")].
    [Cached(Store = "reddis")]
    public partial int Typo(int id);
    private int TypoCore(int id) => id;

    // MEMO023: the clock is not part of the key.
    [Cached]
    public partial string Greeting(string name);
    private string GreetingCore(string name) => (DateTime.Now.Hour < 12 ? "Good morning " : "Hello ") + name;

    // MEMO024: a cached Save runs once per key.
    [Cached]
    public partial Task<bool> SaveOrderAsync(int id);
    private Task<bool> SaveOrderAsyncCore(int id) => Task.FromResult(true);

    // MEMO025 (info): a CancellationToken is never part of the key.
    [Cached]
    public partial Task<int> CountAsync(string key, [NotCacheKey] CancellationToken cancellationToken);
    private Task<int> CountAsyncCore(string key, CancellationToken cancellationToken) => Task.FromResult(1);

    // MEMO026 (info): no fail-safe, so no kept result for the soft timeout to serve.
    [Cached(Minutes = 5, SoftTimeoutMilliseconds = 200)]
    public partial Task<int> ForecastAsync(string city);
    private Task<int> ForecastAsyncCore(string city) => Task.FromResult(1);
}
