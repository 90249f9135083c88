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
/// <remarks>
/// Of the resilience options only those that need nothing from the cache are honoured: the hard timeout (with no
/// fallback the caller gets a <see cref="TimeoutException"/>; the factory still stores its value when it completes)
/// and jitter (added to the time to live handed to <see cref="ICache.PutAsync{T}(string, T, TimeSpan?, CancellationToken)"/>).
/// Fail-safe, the soft timeout and eager refresh need an entry's age and a value kept past its time to live, which the
/// public interface does not give: a read is a hit or a miss, so they have no effect here.
/// </remarks>
internal readonly struct InterfaceEntries<T>(ICache cache, string key, TimeSpan? ttl, bool sliding, ResiliencePolicy policy, string? method) : IRememberedEntries<CacheResult<T>, T>
{
    private static readonly ConditionalWeakTable<ICache, RememberFlights> s_flights = new();

    // A manager that wraps a CacheManager hands out our caches: their own table, so its callers share computations
    // with the remember API and memoized calls that reach the same cache directly.
    private readonly RememberFlights _flights = cache is NamedCache ours ? ours.Flights : s_flights.GetValue(cache, static _ => new RememberFlights());

    public string Key => key;

    public int KeyHash => key.GetHashCode();

    public RememberFlights Flights => _flights;

    public bool ReadsAreLocal => false;

    public ResiliencePolicy Policy => policy;

    public string Subject => StoreEntries.SubjectOf(method, key);

    public ValueTask<CacheResult<T>> StartRead(bool synchronous, CancellationToken cancellationToken) => cache.TryGetAsync<T>(key, cancellationToken);

    public ValueTask<EntryRead<T>> FinishRead(CacheResult<T> read, bool synchronous, CancellationToken cancellationToken)
        => new(read.Found ? EntryRead<T>.FreshHit(read.Value) : EntryRead<T>.Miss);

    public bool AbsorbsFailure(Exception exception, Activity? activity) => false;

    public void ReportWorking()
    {
    }

    public Activity? StartActivity(string operation) => null;

    /// <summary>Only the jitter is used: the lifetime handed to the cache is the time to live plus it.</summary>
    public EntryTiming NewTiming()
    {
        if (policy.Jitter <= TimeSpan.Zero || sliding || ttl is not { } span || span <= TimeSpan.Zero || span == Timeout.InfiniteTimeSpan)
        {
            return default;
        }

        long jitter = (long)(Random.Shared.NextDouble() * policy.Jitter.Ticks);
        return new EntryTiming(span.Ticks + jitter, long.MaxValue, span.Ticks + jitter);
    }

    public ValueTask RefreshAsync(T value, bool synchronous, CancellationToken cancellationToken)
        => sliding ? cache.PutAsync(key, value, ttl, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken) => new((IAsyncDisposable?)null);

    public ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(CancellationToken cancellationToken) => new(StoreEntries.Unlocked);

    /// <summary><paramref name="timing"/> is the <see cref="NewTiming"/> of this entry: a jittered time to live in ticks, or default for the plain one.</summary>
    public ValueTask WriteAsync(T value, EntryTiming timing, bool synchronous, CancellationToken cancellationToken)
        => cache.PutAsync(key, value, timing == default ? ttl : TimeSpan.FromTicks(timing.FreshUntil), cancellationToken);

    public void OnHit()
    {
    }

    public void OnComputed(long startTimestamp)
    {
    }

    /// <summary>Never called: a read of this cache is never stale.</summary>
    public void OnFailSafe(Exception? failure, TimeSpan? timeout)
    {
    }

    /// <summary>A cache the application implements has no logger of ours: the failure is traced only.</summary>
    public void OnBackgroundFailure(Exception failure) => Trace.TraceWarning("Memoize: a background computation for {0} failed: {1}", Subject, failure.GetType().Name);

    public void OnJoined(Flight<T> flight)
    {
    }
}
