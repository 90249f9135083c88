using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// The remember algorithm, the one every path takes after a miss of its own hit path: <c>Remember</c>,
/// <c>RememberForever</c> and <c>GetOrSet</c> on every store, memoized methods on every store (the memory store's
/// typed index plugs in as <see cref="IRememberedEntries{TRead, T}"/>), and memoized methods of a manager the
/// application implements. Read once; on a miss lead or join the one computation of the key; store its value;
/// release the waiters. A store failure never fails the call on our caches: a failed read is a miss, a failed write
/// leaves the value uncached.
/// </summary>
/// <remarks>
/// Policies that decide what happens around the computation (serving a stale value when the factory fails, soft and
/// hard factory timeouts, refreshing ahead of expiry, jittered lifetimes) belong in <see cref="ComputeAsync"/> and
/// the hit branch of <see cref="RunAsync"/>, and nowhere else.
/// </remarks>
internal static class Remembering
{
    /// <summary>Returns the value of <paramref name="entries"/>' key, computing and storing it once on a miss.</summary>
    /// <param name="entries">Where the entry is read and written.</param>
    /// <param name="state">Passed to <paramref name="factory"/> and <paramref name="skipStore"/>.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="skipStore">Returns <see langword="true"/> for a computed value that must not be stored (<c>Unless</c>); <see langword="null"/> stores every value.</param>
    /// <param name="synchronous">Whether a synchronous caller waits for the result: the store's blocking form is used when it has one.</param>
    /// <param name="cancellationToken">Cancels waiting and computing.</param>
    public static ValueTask<T> RememberAsync<TEntries, TRead, TState, T>(TEntries entries, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        FlightTicket ticket = entries.Flights.Observe(entries.Key);

        // An untraced read starts here and the one async method below awaits it: a hit on a network store then
        // suspends a single method of ours, as a hand-written read would. A traced read starts in that method, so
        // that its span ends before the value is computed (an activity started here would stay current in the caller).
        ValueTask<TRead>? read = entries.ReadsAreLocal || !MemoizeTelemetry.TracesStores ? StartRead<TEntries, TRead, T>(entries, synchronous, cancellationToken) : null;
        return RunAsync<TEntries, TRead, TState, T>(entries, read, ticket, state, factory, skipStore, synchronous, cancellationToken);
    }

    private static async ValueTask<T> RunAsync<TEntries, TRead, TState, T>(TEntries entries, ValueTask<TRead>? startedRead, FlightTicket ticket, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        CacheResult<T> cached;
        if (startedRead is { } read)
        {
            // The failure handling of ReadAsync, inlined so that a hit on a network store suspends this method only.
            try
            {
                cached = await entries.FinishRead(await read.ConfigureAwait(false), synchronous, cancellationToken).ConfigureAwait(false);
                entries.ReportWorking();
            }
            catch (Exception exception) when (exception is not OperationCanceledException && entries.AbsorbsFailure(exception, null))
            {
                cached = CacheResult<T>.Miss;
            }
        }
        else
        {
            cached = await ReadAsync<TEntries, TRead, T>(entries, synchronous, cancellationToken).ConfigureAwait(false);
        }

        if (cached.Found)
        {
            return await FoundAsync<TEntries, TRead, T>(entries, cached.Value, synchronous, cancellationToken).ConfigureAwait(false);
        }

        if (!entries.Flights.TryLead(entries.Key, ticket, out Flight<T>? flight))
        {
            if (flight is not null)
            {
                return await flight.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            // A caller that finished this key between our read and our lead has stored its value: read it instead of
            // computing. The flight table tells whether one may have.
            if (entries.Flights.CompletedSince(ticket))
            {
                cached = await ReadAsync<TEntries, TRead, T>(entries, synchronous, cancellationToken).ConfigureAwait(false);
            }

            T value = cached.Found
                ? await FoundAsync<TEntries, TRead, T>(entries, cached.Value, synchronous, cancellationToken).ConfigureAwait(false)
                : await ComputeAsync<TEntries, TRead, TState, T>(entries, state, factory, skipStore, synchronous, cancellationToken).ConfigureAwait(false);
            if (flight is not null)
            {
                entries.Flights.Complete(flight, value);
            }

            return value;
        }
        catch (Exception exception) when (flight is not null)
        {
            entries.Flights.Fail(flight, exception);
            throw;
        }
    }

    /// <summary>The leader's miss: other processes may be computing the key too (compute lock), then compute and store.</summary>
    private static async ValueTask<T> ComputeAsync<TEntries, TRead, TState, T>(TEntries entries, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        IAsyncDisposable? computeLock = await TryLockForComputeAsync<TEntries, TRead, T>(entries, cancellationToken).ConfigureAwait(false);
        try
        {
            if (computeLock is not null)
            {
                // Waiting for the lock, another process may have stored the value.
                CacheResult<T> cached = await ReadAsync<TEntries, TRead, T>(entries, synchronous, cancellationToken).ConfigureAwait(false);
                if (cached.Found)
                {
                    return await FoundAsync<TEntries, TRead, T>(entries, cached.Value, synchronous, cancellationToken).ConfigureAwait(false);
                }
            }

            // The high-resolution clock costs a tenth of a memory miss: read only when a listener records the duration.
            long started = MemoizeTelemetry.FactoryDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
            T value = await factory(state, cancellationToken).ConfigureAwait(false);
            entries.OnComputed(started);
            if (skipStore?.Invoke(state, value) != true)
            {
                await TryWriteAsync<TEntries, TRead, T>(entries, value, synchronous, cancellationToken).ConfigureAwait(false);
            }

            return value;
        }
        finally
        {
            if (computeLock is not null)
            {
                await TryReleaseAsync<TEntries, TRead, T>(entries, computeLock).ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask<T> FoundAsync<TEntries, TRead, T>(TEntries entries, T value, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        entries.OnHit();
        try
        {
            await entries.RefreshAsync(value, synchronous, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && entries.AbsorbsFailure(exception, null))
        {
        }

        return value;
    }

    private static ValueTask<TRead> StartRead<TEntries, TRead, T>(TEntries entries, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        try
        {
            return entries.StartRead(synchronous, cancellationToken);
        }
        catch (Exception exception)
        {
            // A store that throws instead of returning a faulted read: the same failure, handled in one place.
            return ValueTask.FromException<TRead>(exception);
        }
    }

    private static async ValueTask<CacheResult<T>> ReadAsync<TEntries, TRead, T>(TEntries entries, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        using Activity? activity = entries.ReadsAreLocal ? null : entries.StartActivity("memoize.store.get");
        try
        {
            TRead read = await StartRead<TEntries, TRead, T>(entries, synchronous, cancellationToken).ConfigureAwait(false);
            CacheResult<T> result = await entries.FinishRead(read, synchronous, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("memoize.hit", result.Found);
            entries.ReportWorking();
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && entries.AbsorbsFailure(exception, activity))
        {
            return CacheResult<T>.Miss;
        }
    }

    private static async ValueTask TryWriteAsync<TEntries, TRead, T>(TEntries entries, T value, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        using Activity? activity = entries.ReadsAreLocal ? null : entries.StartActivity("memoize.store.set");
        try
        {
            await entries.WriteAsync(value, synchronous, cancellationToken).ConfigureAwait(false);
            entries.ReportWorking();
        }
        catch (Exception exception) when (exception is not OperationCanceledException && entries.AbsorbsFailure(exception, activity))
        {
        }
    }

    private static async ValueTask<IAsyncDisposable?> TryLockForComputeAsync<TEntries, TRead, T>(TEntries entries, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        try
        {
            return await entries.LockForComputeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && entries.AbsorbsFailure(exception, null))
        {
            return null;
        }
    }

    private static async ValueTask TryReleaseAsync<TEntries, TRead, T>(TEntries entries, IAsyncDisposable computeLock)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        try
        {
            await computeLock.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (entries.AbsorbsFailure(exception, null))
        {
            // The lock expires on its own; a failed release only delays other processes until then.
        }
    }
}
