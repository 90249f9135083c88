using System;
using Memoize.Testing;

namespace Memoize.Stores.Tests.Memory;

public class ExpiryClockTests
{
    [Fact]
    public void With_the_system_clock_a_deadline_is_the_time_to_live_ahead_on_the_millisecond_counter()
    {
        var clock = new ExpiryClock(TimeProvider.System);
        long expiresAt = TimeProvider.System.GetUtcNow().AddMinutes(5).UtcTicks;

        long before = Environment.TickCount64;
        long deadline = clock.DeadlineOf(expiresAt);
        long after = Environment.TickCount64;

        long fiveMinutes = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
        Assert.InRange(deadline, before + fiveMinutes - 20, after + fiveMinutes + 20);
        Assert.InRange(clock.Now, before, Environment.TickCount64);
    }

    [Fact]
    public void With_another_provider_the_clock_reads_that_provider_in_utc_ticks()
    {
        var time = new FakeTimeProvider();
        var clock = new ExpiryClock(time);
        long expiresAt = time.GetUtcNow().AddSeconds(10).UtcTicks;

        Assert.Equal(expiresAt, clock.DeadlineOf(expiresAt));
        Assert.Equal(time.GetUtcNow().UtcTicks, clock.Now);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(time.GetUtcNow().UtcTicks, clock.Now);
    }

    [Fact]
    public void A_span_ahead_rounds_up_to_the_counter_and_never_overflows_into_the_past()
    {
        var system = new ExpiryClock(TimeProvider.System);
        var fake = new ExpiryClock(new FakeTimeProvider());

        Assert.Equal(1002, system.After(1000, TimeSpan.FromTicks(15_000)));
        Assert.Equal(1000 + 15_000, fake.After(1000, TimeSpan.FromTicks(15_000)));
        long now = system.Now;
        Assert.Equal(now + (TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond) + 1, system.After(now, TimeSpan.MaxValue));
        Assert.Equal(long.MaxValue, fake.After(fake.Now, TimeSpan.MaxValue));
    }

    [Fact]
    public void An_entry_that_never_expires_or_is_already_expired_gets_an_extreme_deadline()
    {
        var clock = new ExpiryClock(TimeProvider.System);

        Assert.Equal(long.MaxValue, clock.DeadlineOf(long.MaxValue));
        Assert.True(clock.DeadlineOf(TimeProvider.System.GetUtcNow().AddSeconds(-1).UtcTicks) < clock.Now);
    }

    [Fact]
    public void A_deadline_from_a_lifetime_matches_one_from_the_expiry_time()
    {
        var system = new ExpiryClock(TimeProvider.System);
        long expiresAt = TimeProvider.System.GetUtcNow().AddSeconds(30).UtcTicks;
        Assert.InRange(system.DeadlineOf(expiresAt, TimeSpan.FromSeconds(30)) - system.DeadlineOf(expiresAt), -20, 20);
        Assert.True(system.DeadlineOf(DateTimeOffset.MinValue.UtcTicks, TimeSpan.Zero) < system.Now);
        Assert.Equal(long.MaxValue, system.DeadlineOf(long.MaxValue, System.Threading.Timeout.InfiniteTimeSpan));

        var fake = new ExpiryClock(new FakeTimeProvider());
        Assert.Equal(expiresAt, fake.DeadlineOf(expiresAt, TimeSpan.FromSeconds(30)));
    }
}
