using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// The entry of a key in a store that keeps objects (the memory store, through the string API): reads are local
/// and never fail. On the memory store a read also finds an entry past its time to live that fail-safe keeps.
/// </summary>
internal readonly struct ObjectStoreEntries<T>(NamedCache cache, IObjectCacheStore objects, string key, TimeSpan? ttl, bool sliding, string? method, ResiliencePolicy policy)
    : IRememberedEntries<EntryRead<T>, T>
{
    public string Key => key;

    public int KeyHash => key.GetHashCode();

    public RememberFlights Flights => cache.Flights;

    public bool ReadsAreLocal => true;

    public ResiliencePolicy Policy => policy;

    public string Subject => StoreEntries.SubjectOf(method, key);

    public ValueTask<EntryRead<T>> StartRead(bool synchronous, CancellationToken cancellationToken) => new(cache.ReadKeptObject<T>(objects, key));

    public ValueTask<EntryRead<T>> FinishRead(EntryRead<T> read, bool synchronous, CancellationToken cancellationToken) => new(read);

    public bool AbsorbsFailure(Exception exception, Activity? activity) => cache.AbsorbFailure(exception, activity);

    public void ReportWorking()
    {
    }

    public Activity? StartActivity(string operation) => null;

    public EntryTiming NewTiming() => policy.TimingOf(cache.ExpiryOf(ttl), sliding);

    public ValueTask RefreshAsync(T value, bool synchronous, CancellationToken cancellationToken)
        => sliding ? WriteAsync(value, NewTiming(), synchronous, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken) => new((IAsyncDisposable?)null);

    public ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(CancellationToken cancellationToken) => new(StoreEntries.Unlocked);

    public ValueTask WriteAsync(T value, EntryTiming timing, bool synchronous, CancellationToken cancellationToken)
        => cache.WriteAsync(key, value, timing, synchronous, cancellationToken);

    public void OnHit() => cache.Manager.OnHit(cache, method, key);

    public void OnComputed(long startTimestamp) => cache.Manager.OnMiss(cache, method, key, startTimestamp);

    public void OnFailSafe(Exception? failure, TimeSpan? timeout) => cache.Manager.OnFailSafe(cache, method, key, failure, timeout);

    public void OnBackgroundFailure(Exception failure) => cache.Manager.OnBackgroundFailure(cache, method, key, failure);

    public void OnJoined(Flight<T> flight)
    {
    }
}

/// <summary>
/// The entry of a key in a store that keeps bytes (files, SQLite, Redis, custom stores): the read is a round trip,
/// its failures are a miss, and the store may lock computations across processes. The store's expiry is the entry's
/// physical end; its fresh end and refresh moment travel in the payload (<see cref="CachePayloadFormat"/>).
/// </summary>
internal readonly struct ByteStoreEntries<T>(NamedCache cache, string key, TimeSpan? ttl, bool sliding, string? method, ResiliencePolicy policy)
    : IRememberedEntries<StoredValue?, T>
{
    public string Key => key;

    public int KeyHash => key.GetHashCode();

    public RememberFlights Flights => cache.Flights;

    public bool ReadsAreLocal => false;

    public ResiliencePolicy Policy => policy;

    public string Subject => StoreEntries.SubjectOf(method, key);

    public ValueTask<StoredValue?> StartRead(bool synchronous, CancellationToken cancellationToken) => cache.GetFromStoreAsync(key, synchronous, cancellationToken);

    public ValueTask<EntryRead<T>> FinishRead(StoredValue? read, bool synchronous, CancellationToken cancellationToken)
    {
        ValueTask<StoredValue?> live = cache.LiveOrRemovedAsync(read, key, synchronous, cancellationToken);
        return live.IsCompletedSuccessfully ? new(cache.DecodeEntry<T>(live.Result)) : DecodeAsync(live);
    }

    public bool AbsorbsFailure(Exception exception, Activity? activity) => cache.AbsorbFailure(exception, activity);

    public void ReportWorking() => cache.Manager.ReportStoreWorking(cache);

    public Activity? StartActivity(string operation) => MemoizeTelemetry.StartStoreActivity(operation, cache.Name);

    public EntryTiming NewTiming() => policy.TimingOf(cache.ExpiryOf(ttl), sliding);

    public ValueTask RefreshAsync(T value, bool synchronous, CancellationToken cancellationToken)
        => sliding ? WriteAsync(value, NewTiming(), synchronous, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken)
        => cache.Store is IComputeLockCacheStore locking ? locking.LockForComputeAsync(key, cancellationToken) : new((IAsyncDisposable?)null);

    public ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(CancellationToken cancellationToken)
        => cache.Store is IComputeLockCacheStore locking ? locking.TryLockForRefreshAsync(key, cancellationToken) : new(StoreEntries.Unlocked);

    public ValueTask WriteAsync(T value, EntryTiming timing, bool synchronous, CancellationToken cancellationToken)
        => cache.WriteAsync(key, value, timing, synchronous, cancellationToken);

    public void OnHit() => cache.Manager.OnHit(cache, method, key);

    public void OnComputed(long startTimestamp) => cache.Manager.OnMiss(cache, method, key, startTimestamp);

    public void OnFailSafe(Exception? failure, TimeSpan? timeout) => cache.Manager.OnFailSafe(cache, method, key, failure, timeout);

    public void OnBackgroundFailure(Exception failure) => cache.Manager.OnBackgroundFailure(cache, method, key, failure);

    public void OnJoined(Flight<T> flight)
    {
    }

    private async ValueTask<EntryRead<T>> DecodeAsync(ValueTask<StoredValue?> live)
        => cache.DecodeEntry<T>(await live.ConfigureAwait(false));
}

/// <summary>What the entries of every kind share.</summary>
internal static class StoreEntries
{
    /// <summary>Returned by a refresh lock when there is nothing to release: the refresh may go ahead.</summary>
    public static readonly IAsyncDisposable Unlocked = new NothingToRelease();

    /// <summary>What a timeout message names: the memoized method, or else the key.</summary>
    public static string SubjectOf(string? method, string key) => method is null ? $"the key '{key}'" : $"the method {method}";

    private sealed class NothingToRelease : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
