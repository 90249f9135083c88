using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace Memoize;

/// <summary>
/// The computations running for missing keys of one cache, by full key: the first caller of a missing key leads,
/// the others wait for its outcome. The remember API and memoized methods of every store share one table per cache,
/// so a <c>Remember</c> and a memoized call of the same key compute once.
/// </summary>
/// <remarks>
/// The table also answers "did a caller finish this key after I read it?": a leader that stored its value counts
/// the completion before it leaves the table, on one of a few counters chosen by the key. A caller that notes the
/// counter before its read and finds it unchanged once it leads knows its miss still stands, and computes without
/// reading the store a second time.
/// </remarks>
internal sealed class RememberFlights
{
    private const int Stripes = 64;

    private readonly ConcurrentDictionary<string, object> _running = new(System.StringComparer.Ordinal);
    private readonly int[] _completions = new int[Stripes];

    /// <summary>Notes the completions of <paramref name="key"/>'s counter; take it before reading the store.</summary>
    public FlightTicket Observe(string key)
    {
        int stripe = (key.GetHashCode() & int.MaxValue) % Stripes;
        return new FlightTicket(stripe, Volatile.Read(ref _completions[stripe]));
    }

    /// <summary>Whether a computation of a key on the ticket's counter completed since the ticket was taken.</summary>
    public bool CompletedSince(FlightTicket ticket) => Volatile.Read(ref _completions[ticket.Stripe]) != ticket.Completions;

    /// <summary>
    /// Joins the computation of <paramref name="key"/>. Returns <see langword="true"/> when the caller leads and must
    /// end it with <see cref="Complete{T}"/> or <see cref="Fail{T}"/>; otherwise <paramref name="flight"/> is the
    /// leader's, to wait for, or <see langword="null"/> when a computation of another result type runs under the same
    /// key (two callers disagreeing on the type): then compute without sharing.
    /// </summary>
    public bool TryLead<T>(string key, out Flight<T>? flight)
    {
        var mine = new Flight<T>();
        object running = _running.GetOrAdd(key, mine);
        flight = running as Flight<T>;
        return ReferenceEquals(running, mine);
    }

    /// <summary>Ends a computation whose value is stored (or deliberately not stored) and releases its waiters.</summary>
    public void Complete<T>(string key, Flight<T> flight, T value)
    {
        // Counted before the flight leaves the table: a caller that leads after this sees the count move.
        Interlocked.Increment(ref _completions[(key.GetHashCode() & int.MaxValue) % Stripes]);
        _running.TryRemove(new KeyValuePair<string, object>(key, flight));
        flight.Complete(value);
    }

    /// <summary>Ends a computation that failed or was canceled; its waiters get the same outcome.</summary>
    public void Fail<T>(string key, Flight<T> flight, System.Exception exception)
    {
        _running.TryRemove(new KeyValuePair<string, object>(key, flight));
        flight.Fail(exception);
    }
}

/// <summary>What <see cref="RememberFlights.Observe"/> noted before a read.</summary>
internal readonly record struct FlightTicket(int Stripe, int Completions);
