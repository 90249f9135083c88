using System;
using System.Threading;

namespace Memoize;

/// <summary>
/// The wall clock as the expiry of a value written now reads it when the manager's clock is
/// <see cref="TimeProvider.System"/>: the system time sampled at most once a second, advanced in between by
/// <see cref="Environment.TickCount64"/>, a monotonic millisecond counter several times cheaper to read than the wall
/// clock (a memory miss reads it once per computed value).
/// </summary>
/// <remarks>
/// A reading is within the counter's resolution (about 1 to 16 ms depending on the OS) of the system time, either way,
/// so an expiry computed from it is within that much of the exact one; a change of the system time is seen within a
/// second. Memory-store hits are not timed by it (they compare <see cref="ExpiryClock"/> readings), and any other
/// <see cref="TimeProvider"/> (a test's fake clock, an application's own) is read as is.
/// </remarks>
internal static class CoarseUtcClock
{
    private const long ResampleMilliseconds = 1000;

    private static Sample s_sample = new(DateTime.UtcNow.Ticks, Environment.TickCount64);

    /// <summary>The current time of <paramref name="time"/>, coarsely when it is the system clock.</summary>
    public static DateTimeOffset Now(TimeProvider time) => ReferenceEquals(time, TimeProvider.System) ? UtcNow : time.GetUtcNow();

    /// <summary>The system time, within the tick counter's resolution.</summary>
    public static DateTimeOffset UtcNow
    {
        get
        {
            long tick = Environment.TickCount64;
            Sample sample = Volatile.Read(ref s_sample);
            ulong elapsed = (ulong)(tick - sample.TickCount);
            return elapsed < ResampleMilliseconds
                ? new DateTimeOffset(sample.UtcTicks + ((long)elapsed * TimeSpan.TicksPerMillisecond), TimeSpan.Zero)
                : Resample(tick);
        }
    }

    private static DateTimeOffset Resample(long tick)
    {
        long utcTicks = DateTime.UtcNow.Ticks;
        Volatile.Write(ref s_sample, new Sample(utcTicks, tick));
        return new DateTimeOffset(utcTicks, TimeSpan.Zero);
    }

    /// <summary>The system time and the counter, read together.</summary>
    private sealed record Sample(long UtcTicks, long TickCount);
}
