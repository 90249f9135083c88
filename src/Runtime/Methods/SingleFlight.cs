using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// Lets concurrent callers of one cold key share a single computation: the first caller leads and computes,
/// the others wait for its outcome (value, exception or cancellation alike).
/// </summary>
internal sealed class SingleFlight<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, object> _running = new();

    /// <summary>
    /// Joins the flight for <paramref name="key"/>. Returns <see langword="true"/> when the caller leads and must
    /// end the flight with <see cref="Complete{T}"/> or <see cref="Fail{T}"/>; otherwise <paramref name="flight"/>
    /// is the leader's, to wait on. <paramref name="flight"/> is <see langword="null"/> when a flight of another
    /// result type runs under the same key (only possible through the string API): compute without sharing.
    /// </summary>
    public bool TryLead<T>(TKey key, out TaskCompletionSource<T>? flight)
    {
        var mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        object running = _running.GetOrAdd(key, mine);
        flight = running as TaskCompletionSource<T>;
        return ReferenceEquals(running, mine);
    }

    public void Complete<T>(TKey key, TaskCompletionSource<T> flight, T value)
    {
        _running.TryRemove(new KeyValuePair<TKey, object>(key, flight));
        flight.TrySetResult(value);
    }

    public void Fail<T>(TKey key, TaskCompletionSource<T> flight, System.Exception exception)
    {
        _running.TryRemove(new KeyValuePair<TKey, object>(key, flight));
        if (exception is System.OperationCanceledException canceled)
        {
            flight.TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            flight.TrySetException(exception);
        }
    }
}
