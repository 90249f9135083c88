using System;
using System.Collections.Generic;
using System.Threading;

namespace Memoize.Testing;

/// <summary>
/// A clock that only moves when a test advances it, so expiry is tested without sleeping. Timers created on it
/// (<see cref="System.Threading.Tasks.Task.WaitAsync(TimeSpan, TimeProvider)"/>, <see cref="System.Threading.Tasks.Task.Delay(TimeSpan, TimeProvider)"/>)
/// fire when <see cref="Advance"/> moves the clock past their due time, on the thread that advances it.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly List<FakeTimer> _timers = [];
    private long _nowTicks;

    /// <summary>Creates the clock at <paramref name="start"/>, or at 2026-01-01 12:00 UTC.</summary>
    public FakeTimeProvider(DateTimeOffset? start = null) => _nowTicks = (start ?? new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)).UtcTicks;

    /// <summary>How many timers are armed: a test waits for the code under test to arm its timer before advancing.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_timers)
            {
                int armed = 0;
                foreach (FakeTimer timer in _timers)
                {
                    if (timer.DueTicks != long.MaxValue)
                    {
                        armed++;
                    }
                }

                return armed;
            }
        }
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward and fires the timers that fall due.</summary>
    public void Advance(TimeSpan by)
    {
        long now = Interlocked.Add(ref _nowTicks, by.Ticks);
        while (true)
        {
            FakeTimer? due = null;
            lock (_timers)
            {
                foreach (FakeTimer timer in _timers)
                {
                    if (timer.DueTicks <= now && (due is null || timer.DueTicks < due.DueTicks))
                    {
                        due = timer;
                    }
                }

                if (due is null)
                {
                    return;
                }

                due.DueTicks = due.PeriodTicks > 0 ? due.DueTicks + due.PeriodTicks : long.MaxValue;
            }

            due.Fire();
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class FakeTimer(FakeTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public long DueTicks = long.MaxValue;
        public long PeriodTicks;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._timers)
            {
                DueTicks = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : Volatile.Read(ref clock._nowTicks) + Math.Max(0, dueTime.Ticks);
                PeriodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._timers)
            {
                clock._timers.Remove(this);
            }
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
