using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

// Increments on a byte store without atomic operations of its own (the file store, custom stores). Each is a read
// and a write under the key's lock, so on a slow store a hot key's increments queue behind each other's writes:
// with eight threads on a file store, one counter took most of the callers' time. Increments that arrive while the
// lock is taken join one batch: the next holder reads the value once, applies the deltas in arrival order, writes
// once, and only then gives each caller the value its own delta produced. No increment is lost or reported before
// it is stored, and each caller sees what it would have seen had they run one after another.
internal sealed partial class NamedCache
{
    private readonly Dictionary<string, IncrementBatch> _openIncrementBatches = new(StringComparer.Ordinal);

    private async ValueTask<long> IncrementStoredAsync(string key, string fullKey, long by, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new PendingIncrement(by);
        IncrementBatch? batch;
        bool opened = false;
        lock (_openIncrementBatches)
        {
            if (!_openIncrementBatches.TryGetValue(fullKey, out batch))
            {
                batch = new IncrementBatch();
                _openIncrementBatches.Add(fullKey, batch);
                opened = true;
            }

            batch.Requests.Add(request);
        }

        if (opened)
        {
            // Not awaited: whatever happens to this caller, the others who join are waiting for the batch. It
            // reports every outcome through the requests and never throws.
            _ = ApplyIncrementBatchAsync(key, fullKey, batch);
        }

        if (!cancellationToken.CanBeCanceled || request.Task.IsCompleted)
        {
            return await request.Task.ConfigureAwait(false);
        }

        // Cancellation withdraws an increment that is not yet being applied; once applied, the caller gets its value.
        using (cancellationToken.UnsafeRegister(static (state, token) => ((PendingIncrement)state!).TryWithdraw(token), request))
        {
            return await request.Task.ConfigureAwait(false);
        }
    }

    private async Task ApplyIncrementBatchAsync(string key, string fullKey, IncrementBatch batch)
    {
        using (await _locks.EnterAsync(fullKey, CancellationToken.None).ConfigureAwait(false))
        {
            lock (_openIncrementBatches)
            {
                // From here on this batch takes no one; later increments open the next batch, which waits for the lock.
                _openIncrementBatches.Remove(fullKey);
            }

            var taken = new List<PendingIncrement>(batch.Requests.Count);
            foreach (PendingIncrement request in batch.Requests)
            {
                if (request.TryTake())
                {
                    taken.Add(request);
                }
            }

            if (taken.Count == 0)
            {
                return;
            }

            var applied = new List<(PendingIncrement Request, long Result)>(taken.Count);
            try
            {
                (bool found, object? current, DateTimeOffset? expiresAt) = await ReadForUpdateAsync(fullKey, CancellationToken.None).ConfigureAwait(false);
                long number = found ? ReadCounter(key, current) : 0;
                foreach (PendingIncrement request in taken)
                {
                    try
                    {
                        number = Added(key, number, request.By);
                        applied.Add((request, number));
                    }
                    catch (OverflowException exception)
                    {
                        // Not applied, as if it had run alone; the others still count.
                        request.TrySetException(exception);
                    }
                }

                if (applied.Count > 0)
                {
                    await Store.SetAsync(fullKey, IntegerValue.Format(number), expiresAt, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception exception)
            {
                foreach (PendingIncrement request in taken)
                {
                    request.TrySetException(exception);
                }

                return;
            }

            foreach ((PendingIncrement request, long result) in applied)
            {
                request.TrySetResult(result);
            }
        }
    }

    /// <summary>The increments of one key that will be applied together.</summary>
    private sealed class IncrementBatch
    {
        /// <summary>Added to under the lock of the open batches, and only while this batch is open.</summary>
        public List<PendingIncrement> Requests { get; } = new(4);
    }

    /// <summary>One caller's increment: its delta, and the value it produced once stored.</summary>
    private sealed class PendingIncrement(long by) : TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private const int Waiting = 0;
        private const int Taken = 1;
        private const int Withdrawn = 2;

        private int _state;

        public long By { get; } = by;

        /// <summary>Claims the increment for the batch being applied; <see langword="false"/> when it was cancelled.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

        /// <summary>Cancels the increment unless the batch already took it.</summary>
        public void TryWithdraw(CancellationToken token)
        {
            if (Interlocked.CompareExchange(ref _state, Withdrawn, Waiting) == Waiting)
            {
                TrySetCanceled(token);
            }
        }
    }
}
