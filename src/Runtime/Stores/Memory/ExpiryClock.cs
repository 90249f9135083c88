using System;
using System.Runtime.CompilerServices;

namespace Memoize;

/// <summary>
/// The clock a memory store checks on every hit. With <see cref="TimeProvider.System"/> it is
/// <see cref="Environment.TickCount64"/>: a monotonic millisecond counter several times cheaper to read than
/// the wall clock, so expiry is honoured to within its resolution (about 1 to 16 ms depending on the OS) and is
/// not moved by changes of the system time. Any other provider (a test's fake clock, an application's own) is
/// read as is, in UTC ticks.
/// </summary>
internal readonly struct ExpiryClock
{
    private readonly TimeProvider _time;
    private readonly bool _coarse;

    public ExpiryClock(TimeProvider time)
    {
        _time = time;
        _coarse = ReferenceEquals(time, TimeProvider.System);
    }

    /// <summary>The current reading, in the unit of <see cref="DeadlineOf(long)"/>.</summary>
    public long Now
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _coarse ? Environment.TickCount64 : _time.GetUtcNow().UtcTicks;
    }

    /// <summary>
    /// The reading of this clock at which an entry expiring at <paramref name="expiresAtUtcTicks"/> stops being
    /// live; <see cref="long.MaxValue"/> for an entry that never expires.
    /// </summary>
    public long DeadlineOf(long expiresAtUtcTicks)
        => expiresAtUtcTicks == long.MaxValue || !_coarse
            ? expiresAtUtcTicks
            : DeadlineAfter(TimeSpan.FromTicks(expiresAtUtcTicks - _time.GetUtcNow().UtcTicks));

    /// <summary>
    /// As <see cref="DeadlineOf(long)"/>, for an entry written now with the given lifetime: on the coarse clock this
    /// spares a read of the wall clock.
    /// </summary>
    public long DeadlineOf(long expiresAtUtcTicks, TimeSpan lifetime)
        => expiresAtUtcTicks == long.MaxValue || !_coarse ? expiresAtUtcTicks : DeadlineAfter(lifetime);

    /// <summary>The readings of this clock at which an entry with <paramref name="timing"/> (UTC ticks) stops being fresh, is due a refresh, and is gone; one read of the wall clock.</summary>
    public EntryDeadlines DeadlinesOf(in EntryTiming timing)
    {
        if (!_coarse)
        {
            return new EntryDeadlines(timing.FreshUntil, timing.RefreshAt, timing.KeptUntil);
        }

        long now = _time.GetUtcNow().UtcTicks;
        return new EntryDeadlines(Coarse(timing.FreshUntil, now), Coarse(timing.RefreshAt, now), Coarse(timing.KeptUntil, now));

        static long Coarse(long utcTicks, long now) => utcTicks == long.MaxValue ? long.MaxValue : DeadlineAfter(TimeSpan.FromTicks(utcTicks - now));
    }

    /// <summary>
    /// The reading of this clock <paramref name="span"/> after the reading <paramref name="now"/> (rounded up to the
    /// counter's unit); <see cref="long.MaxValue"/> when that is beyond the clock's range.
    /// </summary>
    public long After(long now, TimeSpan span)
    {
        long step = _coarse ? (span.Ticks / TimeSpan.TicksPerMillisecond) + (span.Ticks % TimeSpan.TicksPerMillisecond > 0 ? 1 : 0) : span.Ticks;
        return step > long.MaxValue - now ? long.MaxValue : now + step;
    }

    private static long DeadlineAfter(TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return long.MinValue;
        }

        // Rounded up, so an entry never expires before its time to live by more than the counter's resolution.
        long milliseconds = (lifetime.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        return Environment.TickCount64 + milliseconds;
    }
}
