using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// One computation that concurrent callers of a cold key share. Cheaper than a <see cref="TaskCompletionSource{TResult}"/>
/// per miss: the task that waiters await is only made when a second caller actually arrives, which on most misses
/// never happens. It is also its own entry in <see cref="RememberFlights"/>; a flight nobody joined never held an
/// outcome, and its stripe keeps it for the next computation led there.
/// </summary>
internal sealed class Flight<T> : RunningFlight
{
    private TaskCompletionSource<T>? _waiters;
    private T _value = default!;
    private Exception? _error;
    private int _done;

    /// <summary>Whether the leader has not yet ended the computation (nor released its waiters with a fallback).</summary>
    public bool IsRunning => Volatile.Read(ref _done) == 0;

    /// <summary>Completes with the leader's outcome: its value, exception or cancellation.</summary>
    public Task<T> Task => (Volatile.Read(ref _waiters) ?? CreateWaiters()).Task;

    public void Complete(T value)
    {
        _value = value;
        Finish();
    }

    public void Fail(Exception error)
    {
        _error = error;
        Finish();
    }

    private void Finish()
    {
        // Full fences on both sides (this exchange, and the compare-exchange that publishes the waiters' task) make
        // sure that either the leader sees the waiters' task or the waiters see the outcome; both may, harmlessly.
        Interlocked.Exchange(ref _done, 1);
        if (Volatile.Read(ref _waiters) is { } waiters)
        {
            Publish(waiters);
        }
    }

    private TaskCompletionSource<T> CreateWaiters()
    {
        var created = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource<T> waiters = Interlocked.CompareExchange(ref _waiters, created, null) ?? created;
        if (Volatile.Read(ref _done) != 0)
        {
            Publish(waiters);
        }

        return waiters;
    }

    private void Publish(TaskCompletionSource<T> waiters)
    {
        if (_error is null)
        {
            waiters.TrySetResult(_value);
        }
        else if (_error is OperationCanceledException canceled)
        {
            waiters.TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            waiters.TrySetException(_error);
        }
    }
}
