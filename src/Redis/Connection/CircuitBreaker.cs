using System;
using System.Threading;

namespace Memoize.Redis;

/// <summary>
/// Stops a store from paying a connect or command timeout on every call while Redis is down: after a
/// connection failure every call is refused at once for the break duration, then a single call probes Redis;
/// its success closes the breaker, its failure opens it again.
/// </summary>
internal sealed class CircuitBreaker
{
    private readonly TimeProvider _time;
    private readonly long _breakTicks;
    private long _openUntilTicks; // 0 while closed
    private long _probeStartedTicks; // 0 while no probe runs

    public CircuitBreaker(TimeSpan breakDuration, TimeProvider time)
    {
        _breakTicks = breakDuration.Ticks;
        _time = time;
    }

    public bool IsOpen => Volatile.Read(ref _openUntilTicks) != 0;

    /// <summary>Whether a call may go to Redis; <paramref name="probe"/> tells that it is the one probing call of an open breaker.</summary>
    public bool TryEnter(out bool probe)
    {
        probe = false;
        long openUntil = Volatile.Read(ref _openUntilTicks);
        if (openUntil == 0)
        {
            return true;
        }

        long now = _time.GetUtcNow().UtcTicks;
        if (now < openUntil)
        {
            return false;
        }

        // One probe at a time; a probe that never reported back (abandoned enumeration, cancellation) expires.
        long started = Volatile.Read(ref _probeStartedTicks);
        if ((started != 0 && now - started < _breakTicks) || Interlocked.CompareExchange(ref _probeStartedTicks, now, started) != started)
        {
            return false;
        }

        probe = true;
        return true;
    }

    /// <summary>Records a call that reached Redis. Returns <see langword="true"/> when it ended an outage.</summary>
    public bool Succeeded(bool probe)
    {
        if (!probe && Volatile.Read(ref _openUntilTicks) == 0)
        {
            return false;
        }

        bool wasOpen = Interlocked.Exchange(ref _openUntilTicks, 0) != 0;
        Volatile.Write(ref _probeStartedTicks, 0);
        return wasOpen;
    }

    /// <summary>Records a connection failure. Returns <see langword="true"/> when it started an outage.</summary>
    public bool Failed(bool probe)
    {
        long openUntil = _time.GetUtcNow().UtcTicks + _breakTicks;
        long previous = Interlocked.Exchange(ref _openUntilTicks, openUntil);
        if (probe)
        {
            Volatile.Write(ref _probeStartedTicks, 0);
        }

        return previous == 0;
    }
}
