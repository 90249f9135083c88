using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// The entry of a key in a store that keeps objects (the memory store, through the string API): reads are local
/// and never fail.
/// </summary>
internal readonly struct ObjectStoreEntries<T>(NamedCache cache, IObjectCacheStore objects, string key, TimeSpan? ttl, bool sliding, string? method)
    : IRememberedEntries<CacheResult<T>, T>
{
    public string Key => key;

    public RememberFlights Flights => cache.Flights;

    public bool ReadsAreLocal => true;

    public ValueTask<CacheResult<T>> StartRead(bool synchronous, CancellationToken cancellationToken) => new(cache.ReadObject<T>(objects, key));

    public ValueTask<CacheResult<T>> FinishRead(CacheResult<T> read, bool synchronous, CancellationToken cancellationToken) => new(read);

    public bool AbsorbsFailure(Exception exception, Activity? activity) => cache.AbsorbFailure(exception, activity);

    public void ReportWorking()
    {
    }

    public Activity? StartActivity(string operation) => null;

    public ValueTask RefreshAsync(T value, bool synchronous, CancellationToken cancellationToken)
        => sliding ? WriteAsync(value, synchronous, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken) => new((IAsyncDisposable?)null);

    public ValueTask WriteAsync(T value, bool synchronous, CancellationToken cancellationToken)
        => cache.WriteAsync(key, value, cache.ExpiryOf(ttl), cache.Payload, synchronous, cancellationToken);

    public void OnHit() => cache.Manager.OnHit(cache, method, key);

    public void OnComputed(long startTimestamp) => cache.Manager.OnMiss(cache, method, key, startTimestamp);
}

/// <summary>
/// The entry of a key in a store that keeps bytes (files, SQLite, Redis, custom stores): the read is a round trip,
/// its failures are a miss, and the store may lock computations across processes.
/// </summary>
internal readonly struct ByteStoreEntries<T>(NamedCache cache, string key, TimeSpan? ttl, bool sliding, string? method)
    : IRememberedEntries<StoredValue?, T>
{
    public string Key => key;

    public RememberFlights Flights => cache.Flights;

    public bool ReadsAreLocal => false;

    public ValueTask<StoredValue?> StartRead(bool synchronous, CancellationToken cancellationToken) => cache.GetFromStoreAsync(key, synchronous, cancellationToken);

    public ValueTask<CacheResult<T>> FinishRead(StoredValue? read, bool synchronous, CancellationToken cancellationToken)
    {
        ValueTask<StoredValue?> live = cache.LiveOrRemovedAsync(read, key, synchronous, cancellationToken);
        return live.IsCompletedSuccessfully ? new(NamedCache.Decode<T>(live.Result, cache.Payload)) : DecodeAsync(live);
    }

    public bool AbsorbsFailure(Exception exception, Activity? activity) => cache.AbsorbFailure(exception, activity);

    public void ReportWorking() => cache.Manager.ReportStoreWorking(cache);

    public Activity? StartActivity(string operation) => MemoizeTelemetry.StartStoreActivity(operation, cache.Name);

    public ValueTask RefreshAsync(T value, bool synchronous, CancellationToken cancellationToken)
        => sliding ? WriteAsync(value, synchronous, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken)
        => cache.Store is IComputeLockCacheStore locking ? locking.LockForComputeAsync(key, cancellationToken) : new((IAsyncDisposable?)null);

    public ValueTask WriteAsync(T value, bool synchronous, CancellationToken cancellationToken)
        => cache.WriteAsync(key, value, cache.ExpiryOf(ttl), cache.Payload, synchronous, cancellationToken);

    public void OnHit() => cache.Manager.OnHit(cache, method, key);

    public void OnComputed(long startTimestamp) => cache.Manager.OnMiss(cache, method, key, startTimestamp);

    private async ValueTask<CacheResult<T>> DecodeAsync(ValueTask<StoredValue?> live)
        => NamedCache.Decode<T>(await live.ConfigureAwait(false), cache.Payload);
}
