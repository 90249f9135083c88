using System;
using System.Threading;

namespace Memoize;

/// <summary>
/// The computations running for missing keys of one cache, by full key: the first caller of a missing key leads,
/// the others wait for its outcome. The remember API and memoized methods of every store share one table per cache,
/// so a <c>Remember</c> and a memoized call of the same key compute once.
/// </summary>
/// <remarks>
/// <para>The table also answers "did a caller finish this key after I read it?": a leader that stored its value counts
/// the completion on its key's stripe before it leaves the table. A caller that notes the stripe's count before its
/// read and finds it unchanged once it leads knows its miss still stands, and computes without reading the store a
/// second time.</para>
/// <para>Keys are spread over stripes, each a lock and a short list of the flights running on it; a flight is its
/// own list node. A flight no caller joined is kept by the thread that ended it and led again, so a miss that nobody
/// waits for allocates no flight, and joining allocates nothing.</para>
/// </remarks>
internal sealed class RememberFlights
{
    private const int StripeCount = 64;

    private readonly Stripe[] _stripes = CreateStripes();

    /// <summary>Notes the completions of the stripe of the key whose hash is <paramref name="keyHash"/>; take it before reading the store.</summary>
    public FlightTicket Observe(int keyHash)
    {
        int index = StripeOf(keyHash);
        return new FlightTicket(index, Volatile.Read(ref _stripes[index].Completions));
    }

    /// <summary>Whether a computation of a key on the ticket's stripe completed since the ticket was taken.</summary>
    public bool CompletedSince(FlightTicket ticket) => Volatile.Read(ref _stripes[ticket.Stripe].Completions) != ticket.Completions;

    /// <summary>
    /// Joins the computation of <paramref name="key"/>. Returns <see langword="true"/> when the caller leads and must
    /// end it with <see cref="Complete{T}"/> or <see cref="Fail{T}"/>; otherwise <paramref name="flight"/> is the
    /// leader's, to wait for, or <see langword="null"/> when a computation of another result type runs under the same
    /// key (two callers disagreeing on the type): then compute without sharing.
    /// </summary>
    public bool TryLead<T>(string key, out Flight<T>? flight) => TryLead(key, StripeOf(key.GetHashCode()), out flight);

    /// <summary>As <see cref="TryLead{T}(string, out Flight{T})"/>, for a key whose <paramref name="ticket"/> is taken: its stripe is known.</summary>
    public bool TryLead<T>(string key, FlightTicket ticket, out Flight<T>? flight) => TryLead(key, ticket.Stripe, out flight);

    private bool TryLead<T>(string key, int index, out Flight<T>? flight)
    {
        Stripe stripe = _stripes[index];
        stripe.Gate.Enter();
        try
        {
            for (RunningFlight? running = stripe.Running; running is not null; running = running.Next)
            {
                if (string.Equals(running.Key, key, System.StringComparison.Ordinal))
                {
                    running.Joined = true;
                    flight = running as Flight<T>;
                    return false;
                }
            }

            Flight<T> led;
            if (stripe.Spare is Flight<T> spare)
            {
                stripe.Spare = null;
                led = spare;
            }
            else
            {
                led = new Flight<T>();
            }

            led.Key = key;
            led.Stripe = index;
            led.Next = stripe.Running;
            stripe.Running = led;
            flight = led;
            return true;
        }
        finally
        {
            stripe.Gate.Exit();
        }
    }

    /// <summary>
    /// Ends a computation whose value is stored (or deliberately not stored) and releases its waiters. The leader must
    /// not touch the flight afterwards: when no caller joined it, it is reused by the next lead on its stripe.
    /// </summary>
    public void Complete<T>(Flight<T> flight, T value)
    {
        // Counted before the flight leaves the table: a caller that leads after this sees the count move.
        if (Leave(flight, completed: true, reusable: true))
        {
            flight.Complete(value);
        }
    }

    /// <summary>
    /// Ends a computation that failed or was canceled; its waiters get the same outcome. As with <see cref="Complete{T}"/>,
    /// the flight is the table's again. <paramref name="stored"/> when an entry was written for the key all the same (a
    /// failed refresh keeps the current value): it counts as a completion, so a caller that read the key before that
    /// write reads again rather than acting on what it read.
    /// </summary>
    public void Fail<T>(Flight<T> flight, System.Exception exception, bool stored = false)
    {
        if (Leave(flight, completed: stored, reusable: true))
        {
            flight.Fail(exception);
        }
    }

    /// <summary>
    /// Releases the waiters with <paramref name="value"/> while the computation goes on (a fallback served past a
    /// timeout); the flight stays listed, so later callers of the key get the same value, until <see cref="Retire"/>.
    /// </summary>
    public void Release<T>(Flight<T> flight, T value) => flight.Complete(value);

    /// <summary>
    /// Ends a computation whose waiters <see cref="Release{T}"/> already released; <paramref name="stored"/> when its
    /// value is in the store. The flight holds an outcome, so it is not kept for reuse.
    /// </summary>
    public void Retire(RunningFlight flight, bool stored) => Leave(flight, stored, reusable: false);

    /// <summary>
    /// Takes the flight off its stripe; returns whether a caller joined it (and may be waiting for its outcome). A
    /// <paramref name="reusable"/> flight nobody joined never held an outcome: the stripe keeps it for its next lead.
    /// </summary>
    private bool Leave(RunningFlight flight, bool completed, bool reusable)
    {
        Stripe stripe = _stripes[flight.Stripe];
        stripe.Gate.Enter();
        try
        {
            if (completed)
            {
                // Written under the gate only; read without it by callers comparing it with their ticket.
                Volatile.Write(ref stripe.Completions, stripe.Completions + 1);
            }

            if (ReferenceEquals(stripe.Running, flight))
            {
                stripe.Running = flight.Next;
            }
            else
            {
                for (RunningFlight? previous = stripe.Running; previous is not null; previous = previous.Next)
                {
                    if (ReferenceEquals(previous.Next, flight))
                    {
                        previous.Next = flight.Next;
                        break;
                    }
                }
            }

            // Read under the gate that joining takes: once off the stripe, no caller can join any more.
            if (flight.Joined)
            {
                return true;
            }

            if (reusable)
            {
                flight.Key = "";
                flight.Next = null;
                stripe.Spare = flight;
            }

            return false;
        }
        finally
        {
            stripe.Gate.Exit();
        }
    }

    /// <summary>
    /// The stripe of a key, from its <see cref="string.GetHashCode()"/>: computed once per call, it also places the
    /// memory store's entry. Keys that share a stripe only share its gate; they are always compared in full.
    /// </summary>
    private static int StripeOf(int keyHash) => (keyHash & int.MaxValue) % StripeCount;

    private static Stripe[] CreateStripes()
    {
        var stripes = new Stripe[StripeCount];
        for (int i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new Stripe();
        }

        return stripes;
    }

    /// <summary>One lock's share of the keys: the flights running on it, and how many completed.</summary>
    private sealed class Stripe
    {
        /// <summary>A flight no caller joined, kept for the next lead on this stripe (of any result type: it is reused when the type matches).</summary>
        public RunningFlight? Spare;

        public StripeGate Gate;
        public RunningFlight? Running;
        public int Completions;
    }
}

/// <summary>A computation as <see cref="RememberFlights"/> lists it, whatever its result type.</summary>
internal abstract class RunningFlight
{
    /// <summary>The full key being computed.</summary>
    public string Key = "";

    /// <summary>The stripe of <see cref="RememberFlights"/> the flight is listed on.</summary>
    public int Stripe;

    /// <summary>The next flight on the same stripe.</summary>
    public RunningFlight? Next;

    /// <summary>Whether a caller found this flight running and may wait for it; written under the stripe's lock.</summary>
    public bool Joined;
}

/// <summary>What <see cref="RememberFlights.Observe"/> noted before a read.</summary>
internal readonly record struct FlightTicket(int Stripe, int Completions);
