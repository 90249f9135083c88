using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// The entry of a key in a cache the application implements (a custom <see cref="ICacheManager"/>): only its public
/// interface is used. Its failures reach the caller, as any call on it would; concurrent callers still share one
/// computation, through a flight table kept for that cache.
/// </summary>
internal readonly struct InterfaceEntries<T>(ICache cache, string key, TimeSpan? ttl, bool sliding) : IRememberedEntries<CacheResult<T>, T>
{
    private static readonly ConditionalWeakTable<ICache, RememberFlights> s_flights = new();

    // A manager that wraps a CacheManager hands out our caches: their own table, so its callers share computations
    // with the remember API and memoized calls that reach the same cache directly.
    private readonly RememberFlights _flights = cache is NamedCache ours ? ours.Flights : s_flights.GetValue(cache, static _ => new RememberFlights());

    public string Key => key;

    public RememberFlights Flights => _flights;

    public bool ReadsAreLocal => false;

    public ValueTask<CacheResult<T>> StartRead(bool synchronous, CancellationToken cancellationToken) => cache.TryGetAsync<T>(key, cancellationToken);

    public ValueTask<CacheResult<T>> FinishRead(CacheResult<T> read, bool synchronous, CancellationToken cancellationToken) => new(read);

    public bool AbsorbsFailure(Exception exception, Activity? activity) => false;

    public void ReportWorking()
    {
    }

    public Activity? StartActivity(string operation) => null;

    public ValueTask RefreshAsync(T value, bool synchronous, CancellationToken cancellationToken)
        => sliding ? cache.PutAsync(key, value, ttl, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken) => new((IAsyncDisposable?)null);

    public ValueTask WriteAsync(T value, bool synchronous, CancellationToken cancellationToken) => cache.PutAsync(key, value, ttl, cancellationToken);

    public void OnHit()
    {
    }

    public void OnComputed(long startTimestamp)
    {
    }
}
