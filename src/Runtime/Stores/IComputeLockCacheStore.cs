using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Stores;

/// <summary>
/// Optional: a store shared by many processes that can make them compute a missing key once between them
/// (Redis: a lock taken with SET NX PX). Remember logic and memoized methods take the lock after a miss,
/// read again once they hold it, and compute only if the value is still missing.
/// </summary>
/// <remarks>
/// Inside one process concurrent callers of a key already share one computation; this extends that to
/// every process using the store. A lock that cannot be taken in time, or a failing store, never blocks
/// a call for longer than the store's bounded wait: the caller then computes on its own.
/// </remarks>
public interface IComputeLockCacheStore : ICacheStore
{
    /// <summary>
    /// Waits (for a bounded time) until this caller holds the compute lock of <paramref name="key"/>.
    /// </summary>
    /// <param name="key">The fully prefixed key about to be computed.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>
    /// <see langword="null"/> when the store does not lock for computations (switched off): compute at once.
    /// Otherwise something to dispose once the value is computed and stored: the held lock, or nothing to
    /// release when the wait ended without it (the value arrived, or the wait timed out). In both cases read
    /// the key again before computing.
    /// </returns>
    ValueTask<IAsyncDisposable?> LockForComputeAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tries once, without waiting, to take the compute lock of <paramref name="key"/> for a background refresh of a
    /// value that is still fresh (<see cref="RememberOptions.EagerRefresh"/>), so that one process refreshes it.
    /// </summary>
    /// <param name="key">The fully prefixed key about to be refreshed.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>
    /// <see langword="null"/> when another process holds the lock (it is computing or refreshing the key): skip the
    /// refresh. Otherwise something to dispose once the refreshed value is stored: the held lock, or nothing to
    /// release when the store does not lock. The default implementation waits as <see cref="LockForComputeAsync"/>
    /// does and always lets the refresh go ahead; stores that can try once override it.
    /// </returns>
    async ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(string key, CancellationToken cancellationToken = default)
        => await LockForComputeAsync(key, cancellationToken).ConfigureAwait(false) ?? StoreEntries.Unlocked;
}
