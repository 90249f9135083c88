using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// One computation that concurrent callers of a cold key share. Cheaper than a <see cref="TaskCompletionSource{TResult}"/>
/// per miss: the task that waiters await is only made when a second caller actually arrives, which on most misses
/// never happens. It is also its own entry in <see cref="RememberFlights"/>; a flight nobody joined never held an
/// outcome, and is reused for the thread's next computation (see <see cref="Rent"/>).
/// </summary>
internal sealed class Flight<T> : RunningFlight
{
    // One flight per thread and result type, kept from a computation no caller joined for the thread's next lead.
    [ThreadStatic]
    private static Flight<T>? t_spare;

    private TaskCompletionSource<T>? _waiters;
    private T _value = default!;
    private Exception? _error;
    private int _done;

    /// <summary>A flight to lead: the one this thread kept, or a new one.</summary>
    public static Flight<T> Rent()
    {
        Flight<T>? spare = t_spare;
        if (spare is null)
        {
            return new Flight<T>();
        }

        t_spare = null;
        return spare;
    }

    /// <summary>
    /// Keeps a flight that left the table before any caller joined it: nobody else holds it, so it is reset and led
    /// again by this thread's next miss.
    /// </summary>
    public static void Return(Flight<T> flight)
    {
        flight.Key = "";
        flight.Next = null;
        t_spare = flight;
    }

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
