using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
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
/// <para>The policies around the computation live here and nowhere else (<see cref="ResiliencePolicy"/>, resolved per
/// call site): the hit branch of <see cref="RunAsync"/> starts eager refreshes; <see cref="LeadAsync"/> bounds the
/// computation by the soft and hard timeouts and serves the stale fallback (fail-safe) when the factory fails or is
/// too slow; lifetimes (jitter, fail-safe margin, refresh moment) come from <see cref="IRememberedEntries{TRead, T}.NewTiming"/>.</para>
/// <para>Background work (eager refreshes, factories that outlive a timeout) never throws unobserved: its failures are
/// reported through <see cref="IRememberedEntries{TRead, T}.OnBackgroundFailure"/>.</para>
/// <para>The steps that go asynchronous are never inlined into the synchronous ones: an inlined async method brings its
/// state machine into the caller's stack frame, which is then cleared on every call, taken or not.</para>
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
        FlightTicket ticket = entries.Flights.Observe(entries.KeyHash);
        return entries.ReadsAreLocal
            ? RememberLocal<TEntries, TRead, TState, T>(entries, ticket, state, factory, skipStore, synchronous, cancellationToken)
            : RememberRemote<TEntries, TRead, TState, T>(entries, ticket, state, factory, skipStore, synchronous, cancellationToken);
    }

    /// <summary>
    /// A read with a round trip. An untraced read starts here and the one async method below awaits it: a hit on a
    /// network store then suspends a single method of ours, as a hand-written read would. A traced read starts in that
    /// method, so that its span ends before the value is computed (an activity started here would stay current in the caller).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<T> RememberRemote<TEntries, TRead, TState, T>(TEntries entries, FlightTicket ticket, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        ValueTask<TRead>? read = !MemoizeTelemetry.TracesStores ? StartRead<TEntries, TRead, T>(entries, synchronous, cancellationToken) : null;
        return RunAsync<TEntries, TRead, TState, T>(entries, read, null, ticket, state, factory, skipStore, synchronous, cancellationToken);
    }

    /// <summary>
    /// A store read in this process (the memory store) usually completes at once, and so do a plain miss's lead, a
    /// synchronous or already completed factory, and the write: then the whole algorithm runs here, without entering an
    /// async method. Whatever does not complete at once (or needs the policy's timeouts or fallback) continues in the
    /// same async steps as every other read.
    /// </summary>
    private static ValueTask<T> RememberLocal<TEntries, TRead, TState, T>(TEntries entries, FlightTicket ticket, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        ValueTask<TRead> started = StartRead<TEntries, TRead, T>(entries, synchronous, cancellationToken);
        ValueTask<EntryRead<T>> finished = default;
        EntryRead<T> cached = default;
        bool general = !started.IsCompletedSuccessfully;
        if (!general)
        {
            try
            {
                finished = entries.FinishRead(started.Result, synchronous, cancellationToken);
            }
            catch (Exception exception)
            {
                finished = ValueTask.FromException<EntryRead<T>>(exception);
            }

            general = !finished.IsCompletedSuccessfully || (cached = finished.Result).IsFresh || NeedsPolicy(entries.Policy, cached, synchronous);
        }

        if (general)
        {
            // One call of the general steps, with the read where it stopped: each call site of an async method costs
            // the frame of this method room for its arguments.
            return started.IsCompletedSuccessfully
                ? RunAsync<TEntries, TRead, TState, T>(entries, null, finished, ticket, state, factory, skipStore, synchronous, cancellationToken)
                : RunAsync<TEntries, TRead, TState, T>(entries, started, null, ticket, state, factory, skipStore, synchronous, cancellationToken);
        }

        entries.ReportWorking();
        if (!entries.Flights.TryLead(entries.Key, ticket, out Flight<T>? flight) && flight is not null)
        {
            // The leader's task itself: no async step and no continuation of ours per waiter, so a stampede's callers
            // are released by the leader's one completion.
            entries.OnJoined(flight);
            return new ValueTask<T>(flight.Task.WaitAsync(cancellationToken));
        }

        if (entries.Flights.CompletedSince(ticket))
        {
            return FollowThroughAsync<TEntries, TRead, TState, T>(entries, flight, cached, reread: true, state, factory, skipStore, synchronous, cancellationToken);
        }

        // A local store has no compute lock (StartLockForCompute): the flight table covers this process.
        try
        {
            long startedAt = FactoryStarted();
            ValueTask<T> computing = factory(state, cancellationToken);
            if (!computing.IsCompletedSuccessfully)
            {
                return FinishLeadingAsync<TEntries, TRead, TState, T>(entries, flight, StoreWhenComputedAsync<TEntries, TRead, TState, T>(entries, computing, startedAt, state, skipStore, synchronous, cancellationToken));
            }

            T value = computing.Result;
            ValueTask storing = StoreComputed<TEntries, TRead, TState, T>(entries, value, startedAt, state, skipStore, synchronous, cancellationToken);
            if (!storing.IsCompletedSuccessfully)
            {
                return FinishLeadingAsync<TEntries, TRead, TState, T>(entries, flight, ValueAfterAsync(storing, value));
            }

            if (flight is not null)
            {
                entries.Flights.Complete(flight, value);
            }

            return new ValueTask<T>(value);
        }
        catch (Exception exception)
        {
            if (flight is not null)
            {
                entries.Flights.Fail(flight, exception);
            }

            return Faulted<T>(exception);
        }
    }

    /// <summary>The leader's computation went asynchronous: ends the flight with its outcome when it completes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async ValueTask<T> FinishLeadingAsync<TEntries, TRead, TState, T>(TEntries entries, Flight<T>? flight, ValueTask<T> computing)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        try
        {
            T value = await computing.ConfigureAwait(false);
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async ValueTask<T> StoreWhenComputedAsync<TEntries, TRead, TState, T>(TEntries entries, ValueTask<T> computing, long startedAt, TState state, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        T value = await computing.ConfigureAwait(false);
        await StoreComputed<TEntries, TRead, TState, T>(entries, value, startedAt, state, skipStore, synchronous, cancellationToken).ConfigureAwait(false);
        return value;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async ValueTask<T> ValueAfterAsync<T>(ValueTask storing, T value)
    {
        await storing.ConfigureAwait(false);
        return value;
    }

    /// <summary>An exception thrown before the first await, as an async method would have returned it: canceled, or faulted.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<T> Faulted<T>(Exception exception)
    {
        if (exception is OperationCanceledException canceled)
        {
            var source = new TaskCompletionSource<T>();
            source.TrySetCanceled(canceled.CancellationToken);
            return new ValueTask<T>(source.Task);
        }

        return ValueTask.FromException<T>(exception);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async ValueTask<T> RunAsync<TEntries, TRead, TState, T>(TEntries entries, ValueTask<TRead>? startedRead, ValueTask<EntryRead<T>>? finishedRead, FlightTicket ticket, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        EntryRead<T> cached;
        if (startedRead is not null || finishedRead is not null)
        {
            // The failure handling of ReadAsync, inlined so that a hit on a network store suspends this method only.
            try
            {
                cached = await (finishedRead ?? entries.FinishRead(await startedRead!.Value.ConfigureAwait(false), synchronous, cancellationToken)).ConfigureAwait(false);
                entries.ReportWorking();
            }
            catch (Exception exception) when (exception is not OperationCanceledException && entries.AbsorbsFailure(exception, null))
            {
                cached = EntryRead<T>.Miss;
            }
        }
        else
        {
            cached = await ReadAsync<TEntries, TRead, T>(entries, synchronous, cancellationToken).ConfigureAwait(false);
        }

        if (cached.IsFresh)
        {
            if (cached.State == EntryState.RefreshDue)
            {
                // The caller gets the current value now; at most one refresh of the key runs, in the background.
                StartEagerRefresh<TEntries, TRead, TState, T>(entries, ticket, cached, state, factory, skipStore);
            }

            return await FoundAsync<TEntries, TRead, T>(entries, cached.Value, synchronous, cancellationToken).ConfigureAwait(false);
        }

        if (!entries.Flights.TryLead(entries.Key, ticket, out Flight<T>? flight))
        {
            if (flight is not null)
            {
                // The leader's outcome, whatever it is: its value, its fallback, its exception.
                entries.OnJoined(flight);
                return await flight.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return await FollowThroughAsync<TEntries, TRead, TState, T>(entries, flight, cached, entries.Flights.CompletedSince(ticket), state, factory, skipStore, synchronous, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The leader's part after its read: reads again when <paramref name="reread"/> (a caller finished this key between
    /// the read and the lead, the flight table told), then computes and stores, bounded by the policy when it has work
    /// to do, and ends <paramref name="flight"/> with the outcome.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async ValueTask<T> FollowThroughAsync<TEntries, TRead, TState, T>(TEntries entries, Flight<T>? flight, EntryRead<T> cached, bool reread, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        bool delegated = false;
        try
        {
            // A caller that finished this key between our read and our lead has stored its value: read it instead of
            // computing.
            if (reread)
            {
                cached = await ReadAsync<TEntries, TRead, T>(entries, synchronous, cancellationToken).ConfigureAwait(false);
            }

            T value;
            if (cached.IsFresh)
            {
                value = await FoundAsync<TEntries, TRead, T>(entries, cached.Value, synchronous, cancellationToken).ConfigureAwait(false);
            }
            else if (NeedsPolicy(entries.Policy, cached, synchronous))
            {
                // Timeouts or a fallback: the computation is bounded and its failure may be absorbed; LeadAsync ends the flight.
                delegated = true;
                return await LeadAsync<TEntries, TRead, TState, T>(entries, flight, cached, state, factory, skipStore, synchronous, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                value = await ComputeAsync<TEntries, TRead, TState, T>(entries, TryLockForComputeAsync<TEntries, TRead, T>(entries, StartLockForCompute<TEntries, TRead, T>(entries, cancellationToken)), state, factory, skipStore, synchronous, cancellationToken).ConfigureAwait(false);
            }

            if (flight is not null)
            {
                entries.Flights.Complete(flight, value);
            }

            return value;
        }
        catch (Exception exception) when (flight is not null && !delegated)
        {
            entries.Flights.Fail(flight, exception);
            throw;
        }
    }

    /// <summary>Whether a leader's computation needs more than computing: a timeout to honour, or a stale value to fall back on.</summary>
    private static bool NeedsPolicy<T>(ResiliencePolicy policy, in EntryRead<T> kept, bool synchronous)
        => (!synchronous && policy.HasTimeouts) || (kept.State == EntryState.Stale && policy.FailSafe > TimeSpan.Zero);

    /// <summary>
    /// The leader's miss (or stale entry): computes and stores, bounded by the timeouts, and falls back on the stale
    /// value when the factory fails or is too slow. Ends <paramref name="flight"/> with the caller's outcome; when the
    /// caller got the fallback while the factory goes on, the flight stays listed until the factory is done, so later
    /// callers get the fallback too instead of starting the factory again.
    /// </summary>
    private static async ValueTask<T> LeadAsync<TEntries, TRead, TState, T>(TEntries entries, Flight<T>? flight, EntryRead<T> kept, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        ResiliencePolicy policy = synchronous ? entries.Policy.ForSynchronous : entries.Policy;
        bool hasFallback = kept.State == EntryState.Stale && policy.FailSafe > TimeSpan.Zero;
        ValueTask<T> computing;
        try
        {
            computing = ComputeAsync<TEntries, TRead, TState, T>(entries, TryLockForComputeAsync<TEntries, TRead, T>(entries, StartLockForCompute<TEntries, TRead, T>(entries, cancellationToken)), state, factory, skipStore, synchronous, cancellationToken);
        }
        catch (Exception exception)
        {
            computing = ValueTask.FromException<T>(exception);
        }

        // Soft timeout: only worth it with something to return instead. Hard timeout: always.
        TimeSpan timeout = hasFallback && policy.SoftTimeout > TimeSpan.Zero ? policy.SoftTimeout : policy.HardTimeout;
        T value;
        Exception? failure = null;
        if (computing.IsCompletedSuccessfully || timeout <= TimeSpan.Zero)
        {
            try
            {
                value = await computing.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                value = default!;
                failure = exception;
            }
        }
        else
        {
            Task<T> task = computing.AsTask();
            try
            {
                value = await task.WaitAsync(timeout, policy.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                value = default!;
                failure = exception;
                if (task.IsCompletedSuccessfully)
                {
                    // Completed as the timer fired: the value is there.
                    value = task.Result;
                    failure = null;
                }
                else if (!task.IsCompleted)
                {
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        // Timed out: the factory goes on and stores its value; the caller does not wait for it.
                        return hasFallback
                            ? ServeFallbackWhileComputing<TEntries, TRead, T>(entries, flight, kept.Value, task, timeout)
                            : throw TimedOut<TEntries, TRead, T>(entries, flight, task, timeout);
                    }

                    _ = ObserveInBackgroundAsync<TEntries, TRead, T>(entries, task);
                }
            }
        }

        if (failure is null)
        {
            if (flight is not null)
            {
                entries.Flights.Complete(flight, value);
            }

            return value;
        }

        // The caller's own cancellation is never turned into a stale value.
        if (hasFallback && !(failure is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            await ActivateFailSafeAsync<TEntries, TRead, T>(entries, kept.Value, failure, timeout: null, synchronous, cancellationToken).ConfigureAwait(false);
            if (flight is not null)
            {
                entries.Flights.Complete(flight, kept.Value);
            }

            return kept.Value;
        }

        if (flight is not null)
        {
            entries.Flights.Fail(flight, failure);
        }

        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return default!;
    }

    /// <summary>
    /// The fallback goes to the caller and to the flight's waiters at once; the flight stays listed until the factory is
    /// done, then the factory's value is in the store, or (when it failed) the fallback is stored again as fail-safe.
    /// </summary>
    private static T ServeFallbackWhileComputing<TEntries, TRead, T>(TEntries entries, Flight<T>? flight, T fallback, Task<T> computing, TimeSpan timeout)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        entries.OnFailSafe(null, timeout);
        if (flight is not null)
        {
            entries.Flights.Release(flight, fallback);
        }

        _ = FinishInBackgroundAsync<TEntries, TRead, T>(entries, flight, fallback, computing);
        return fallback;
    }

    private static async Task FinishInBackgroundAsync<TEntries, TRead, T>(TEntries entries, Flight<T>? flight, T fallback, Task<T> computing)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        bool stored = true;
        try
        {
            await computing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            stored = false;
        }
        catch (Exception exception)
        {
            // The activation was counted when the caller got the fallback; the source is down: throttle it.
            await ReportBackgroundFailureAsync<TEntries, TRead, T>(entries, exception, (fallback, entries.Policy.FallbackTiming())).ConfigureAwait(false);
        }
        finally
        {
            if (flight is not null)
            {
                entries.Flights.Retire(flight, stored);
            }
        }
    }

    /// <summary>A hard timeout with nothing to fall back on: the caller and the waiters get a <see cref="TimeoutException"/>; the factory may still fill the cache.</summary>
    private static TimeoutException TimedOut<TEntries, TRead, T>(TEntries entries, Flight<T>? flight, Task<T> computing, TimeSpan timeout)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        var exception = new TimeoutException($"The factory of {entries.Subject} did not complete within {timeout.TotalMilliseconds:0} ms (HardTimeoutMilliseconds), and no stale value was kept to fall back on. It goes on in the background and caches its value when it completes.");
        if (flight is not null)
        {
            entries.Flights.Fail(flight, exception);
        }

        _ = ObserveInBackgroundAsync<TEntries, TRead, T>(entries, computing);
        return exception;
    }

    private static async Task ObserveInBackgroundAsync<TEntries, TRead, T>(TEntries entries, Task<T> computing)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        try
        {
            await computing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller canceled; nothing to report.
        }
        catch (Exception exception)
        {
            await ReportBackgroundFailureAsync<TEntries, TRead, T>(entries, exception, keep: null).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Background work (a factory past a timeout, an eager refresh) failed: the failure is reported and, when given,
    /// <paramref name="keep"/> is stored so the failing source is not called again at once. Never throws: nothing awaits
    /// background work, so reporting is all that can be done.
    /// </summary>
    private static async ValueTask ReportBackgroundFailureAsync<TEntries, TRead, T>(TEntries entries, Exception failure, (T Value, EntryTiming Timing)? keep)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        try
        {
            entries.OnBackgroundFailure(failure);
            if (keep is { } kept)
            {
                await TryWriteAsync<TEntries, TRead, T>(entries, kept.Value, kept.Timing, synchronous: false, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception reporting)
        {
            Trace.TraceWarning("Memoize: reporting a background failure failed: {0}", reporting);
        }
    }

    /// <summary>
    /// The factory failed and a stale value is kept: it is stored again, fresh for the throttle window, so the factory
    /// is tried once per window and not on every call, and the activation is logged and counted.
    /// </summary>
    private static async ValueTask ActivateFailSafeAsync<TEntries, TRead, T>(TEntries entries, T fallback, Exception? failure, TimeSpan? timeout, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        entries.OnFailSafe(failure, timeout);
        await TryWriteAsync<TEntries, TRead, T>(entries, fallback, entries.Policy.FallbackTiming(), synchronous, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A hit past its refresh moment: unless a computation of the key already runs here (the flight table) or in
    /// another process (the store's compute lock, tried once), one background computation replaces the entry. The
    /// caller does not wait. A refresh that fails is logged and not retried before the entry expires.
    /// </summary>
    private static void StartEagerRefresh<TEntries, TRead, TState, T>(TEntries entries, FlightTicket ticket, EntryRead<T> current, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        if (!entries.Flights.TryLead(entries.Key, ticket, out Flight<T>? flight) || flight is null)
        {
            return;
        }

        // A refresh (or computation) that finished between our read and our lead has stored a newer entry: ours would
        // be a second refresh. The flight table tells.
        if (entries.Flights.CompletedSince(ticket))
        {
            entries.Flights.Complete(flight, current.Value);
            return;
        }

        // On the pool: a factory that works before its first await must not delay the caller.
        var refresh = new EagerRefresh<TEntries, TRead, TState, T>(entries, flight, current, state, factory, skipStore);
        ThreadPool.UnsafeQueueUserWorkItem(static r => _ = r.RunAsync(), refresh, preferLocal: false);
    }

    private sealed class EagerRefresh<TEntries, TRead, TState, T>(TEntries entries, Flight<T> flight, EntryRead<T> current, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        public async Task RunAsync()
        {
            T value = current.Value;
            try
            {
                IAsyncDisposable? refreshLock = await entries.TryLockForRefreshAsync(CancellationToken.None).ConfigureAwait(false);
                if (refreshLock is null)
                {
                    // Another process is refreshing or computing the key; its value will arrive through the store.
                    entries.Flights.Complete(flight, value);
                    return;
                }

                try
                {
                    value = await factory(state, CancellationToken.None).ConfigureAwait(false);
                    bool store = skipStore?.Invoke(state, value) != true;
                    await TryWriteAsync<TEntries, TRead, T>(entries, store ? value : current.Value, store ? entries.NewTiming() : current.Timing.WithoutRefresh(), synchronous: false, CancellationToken.None).ConfigureAwait(false);
                }
                finally
                {
                    await TryReleaseAsync<TEntries, TRead, T>(entries, refreshLock).ConfigureAwait(false);
                }
            }
            catch (Exception exception)
            {
                // The current value stays until it expires (then fail-safe may serve it); refreshing it again on every
                // hit until then would hammer a failing source.
                await ReportBackgroundFailureAsync<TEntries, TRead, T>(entries, exception, (current.Value, current.Timing.WithoutRefresh())).ConfigureAwait(false);

                // Only callers that found the entry expired wait on a refresh: they get the failure, as their own
                // computation would have. The write above counts as a completion: a caller that read the entry as due
                // before it landed (a network store's round trip) and leads after this must not start a second refresh.
                entries.Flights.Fail(flight, exception, stored: true);
                return;
            }

            entries.Flights.Complete(flight, value);
        }
    }

    /// <summary>
    /// The leader's computation: other processes may be computing the key too (the compute lock, already being taken
    /// as <paramref name="locking"/>), then compute and store.
    /// </summary>
    private static async ValueTask<T> ComputeAsync<TEntries, TRead, TState, T>(TEntries entries, ValueTask<IAsyncDisposable?> locking, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        IAsyncDisposable? computeLock = await locking.ConfigureAwait(false);
        try
        {
            if (computeLock is not null)
            {
                // Waiting for the lock, another process may have stored the value.
                EntryRead<T> cached = await ReadAsync<TEntries, TRead, T>(entries, synchronous, cancellationToken).ConfigureAwait(false);
                if (cached.IsFresh)
                {
                    return await FoundAsync<TEntries, TRead, T>(entries, cached.Value, synchronous, cancellationToken).ConfigureAwait(false);
                }
            }

            long startedAt = FactoryStarted();
            T value = await factory(state, cancellationToken).ConfigureAwait(false);
            await StoreComputed<TEntries, TRead, TState, T>(entries, value, startedAt, state, skipStore, synchronous, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The high-resolution clock costs a tenth of a memory miss: read only when a listener records the duration.</summary>
    private static long FactoryStarted() => MemoizeTelemetry.FactoryDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>A computed value: counted, then stored unless <paramref name="skipStore"/> says otherwise.</summary>
    private static ValueTask StoreComputed<TEntries, TRead, TState, T>(TEntries entries, T value, long startedAt, TState state, Func<TState, T, bool>? skipStore, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        entries.OnComputed(startedAt);
        return skipStore?.Invoke(state, value) == true
            ? ValueTask.CompletedTask
            : TryWriteAsync<TEntries, TRead, T>(entries, value, entries.NewTiming(), synchronous, cancellationToken);
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

    private static async ValueTask<EntryRead<T>> ReadAsync<TEntries, TRead, T>(TEntries entries, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        using Activity? activity = entries.ReadsAreLocal ? null : entries.StartActivity("memoize.store.get");
        try
        {
            TRead read = await StartRead<TEntries, TRead, T>(entries, synchronous, cancellationToken).ConfigureAwait(false);
            EntryRead<T> result = await entries.FinishRead(read, synchronous, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("memoize.hit", result.IsFresh);
            entries.ReportWorking();
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && entries.AbsorbsFailure(exception, activity))
        {
            return EntryRead<T>.Miss;
        }
    }

    /// <summary>Writes the value; a failed write is reported and leaves the value uncached.</summary>
    private static ValueTask TryWriteAsync<TEntries, TRead, T>(TEntries entries, T value, EntryTiming timing, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        if (!entries.ReadsAreLocal)
        {
            return TryWriteTracedAsync<TEntries, TRead, T>(entries, value, timing, synchronous, cancellationToken);
        }

        // A write in process memory is untraced and usually done at once: then no async step is entered.
        ValueTask writing;
        try
        {
            writing = entries.WriteAsync(value, timing, synchronous, cancellationToken);
        }
        catch (Exception exception)
        {
            writing = ValueTask.FromException(exception);
        }

        if (!writing.IsCompletedSuccessfully)
        {
            return TryFinishWriteAsync<TEntries, TRead, T>(entries, writing);
        }

        entries.ReportWorking();
        return ValueTask.CompletedTask;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async ValueTask TryFinishWriteAsync<TEntries, TRead, T>(TEntries entries, ValueTask writing)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        try
        {
            await writing.ConfigureAwait(false);
            entries.ReportWorking();
        }
        catch (Exception exception) when (exception is not OperationCanceledException && entries.AbsorbsFailure(exception, null))
        {
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async ValueTask TryWriteTracedAsync<TEntries, TRead, T>(TEntries entries, T value, EntryTiming timing, bool synchronous, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        using Activity? activity = entries.StartActivity("memoize.store.set");
        try
        {
            await entries.WriteAsync(value, timing, synchronous, cancellationToken).ConfigureAwait(false);
            entries.ReportWorking();
        }
        catch (Exception exception) when (exception is not OperationCanceledException && entries.AbsorbsFailure(exception, activity))
        {
        }
    }

    /// <summary>
    /// Starts taking the store's compute lock; a store that throws instead of returning a faulted task fails the same way.
    /// A local store has none.
    /// </summary>
    private static ValueTask<IAsyncDisposable?> StartLockForCompute<TEntries, TRead, T>(TEntries entries, CancellationToken cancellationToken)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        if (entries.ReadsAreLocal)
        {
            return new((IAsyncDisposable?)null);
        }

        try
        {
            return entries.LockForComputeAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException<IAsyncDisposable?>(exception);
        }
    }

    /// <summary>The compute lock being taken; a failure to take it is reported and the computation goes on without it.</summary>
    private static async ValueTask<IAsyncDisposable?> TryLockForComputeAsync<TEntries, TRead, T>(TEntries entries, ValueTask<IAsyncDisposable?> locking)
        where TEntries : struct, IRememberedEntries<TRead, T>
    {
        try
        {
            return await locking.ConfigureAwait(false);
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
