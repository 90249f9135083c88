using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// Where <see cref="Remembering"/> reads and writes the entry of one key: a store through its cache, the memory
/// store's typed index of a memoized method, or a cache the application implements. Implemented by structs, so the
/// algorithm is specialized for each and nothing is boxed.
/// </summary>
/// <typeparam name="TRead">What a started read completes with (the stored bytes, or the value itself).</typeparam>
/// <typeparam name="T">The value's type.</typeparam>
internal interface IRememberedEntries<TRead, T>
{
    /// <summary>The full key: the one computation of a missing key is shared under it.</summary>
    string Key { get; }

    /// <summary>The hash of <see cref="Key"/> (<see cref="string.GetHashCode()"/>): the stripe of the flight table, computed once per call.</summary>
    int KeyHash { get; }

    /// <summary>The computations running on this cache.</summary>
    RememberFlights Flights { get; }

    /// <summary>
    /// Whether a read happens in this process (no round trip): reading again after leading costs nothing, so it is
    /// done instead of asking <see cref="RememberFlights"/> whether it is needed, and reads are not traced. A local store
    /// is seen by this process only, so it has no compute lock (<see cref="LockForComputeAsync"/> is not called).
    /// </summary>
    bool ReadsAreLocal { get; }

    /// <summary>Starts the read. May throw; the algorithm treats that as a failed read.</summary>
    ValueTask<TRead> StartRead(bool synchronous, CancellationToken cancellationToken);

    /// <summary>
    /// Turns what the read returned into a fresh hit, a hit due a refresh, a stale fallback or a miss (decoding bytes,
    /// dropping an entry past its physical end); usually completes at once.
    /// </summary>
    ValueTask<EntryRead<T>> FinishRead(TRead read, bool synchronous, CancellationToken cancellationToken);

    /// <summary>The call's resolved fail-safe, timeout, eager refresh and jitter options.</summary>
    ResiliencePolicy Policy { get; }

    /// <summary>What a timeout message names: the memoized method, or the key of a call of the cache API.</summary>
    string Subject { get; }

    /// <summary>The lifetime of a value computed now: the time to live, shaped by <see cref="Policy"/>.</summary>
    EntryTiming NewTiming();

    /// <summary>
    /// A store operation failed: returns <see langword="true"/> when the call goes on as if the read missed or the
    /// value was not stored (our caches, which report the failure), <see langword="false"/> to let it reach the caller.
    /// </summary>
    bool AbsorbsFailure(Exception exception, Activity? activity);

    /// <summary>A store operation succeeded (ends a failure episode).</summary>
    void ReportWorking();

    /// <summary>A span for a store operation, or <see langword="null"/> when this store's operations are not traced.</summary>
    Activity? StartActivity(string operation);

    /// <summary>A value was found: a sliding entry is written again with a fresh time to live.</summary>
    ValueTask RefreshAsync(T value, bool synchronous, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for the store's cross-process compute lock of the key (<see cref="IComputeLockCacheStore"/>); completes
    /// with <see langword="null"/> when the store has none.
    /// </summary>
    ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Tries once, without waiting, to take the store's cross-process compute lock of the key for a background refresh.
    /// Completes with <see langword="null"/> when another process holds it (it is computing or refreshing the key);
    /// otherwise with something to dispose after the refresh (the lock, or nothing to release).
    /// </summary>
    ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(CancellationToken cancellationToken);

    /// <summary>Stores a value with the given lifetime.</summary>
    ValueTask WriteAsync(T value, EntryTiming timing, bool synchronous, CancellationToken cancellationToken);

    /// <summary>Records a hit.</summary>
    void OnHit();

    /// <summary>Records a computed value and how long computing it took.</summary>
    void OnComputed(long startTimestamp);

    /// <summary>Records that a caller got the stale fallback instead of the factory's result (it failed or timed out).</summary>
    void OnFailSafe(Exception? failure, TimeSpan? timeout);

    /// <summary>Records work a caller did not wait for (a refresh, a computation past a timeout) that failed.</summary>
    void OnBackgroundFailure(Exception failure);

    /// <summary>
    /// A caller found no fresh entry and joined the running computation of the key: a stampede is on. The memory
    /// store's memoized method keeps the computation, so that the callers after it with the same arguments join it
    /// without building the key (<see cref="MemoryCallSite{TArgs, TResult}.TryGetRunning"/>); the other entries do nothing.
    /// </summary>
    void OnJoined(Flight<T> flight);
}
