using System;
using Memoize.Testing;

namespace Memoize.Stores.Tests.Memory;

public class CoarseUtcClockTests
{
    [Fact]
    public void On_the_system_clock_a_value_written_now_expires_within_the_counters_resolution_of_its_time_to_live()
    {
        // The documented bound is the tick counter's resolution (at most about 16 ms); 50 ms leaves room for a preempted thread.
        TimeSpan bound = TimeSpan.FromMilliseconds(50);
        for (int i = 0; i < 1000; i++)
        {
            DateTimeOffset before = DateTimeOffset.UtcNow;
            DateTimeOffset coarse = CoarseUtcClock.Now(TimeProvider.System);
            DateTimeOffset after = DateTimeOffset.UtcNow;

            Assert.InRange(coarse, before - bound, after + bound);
        }
    }

    [Fact]
    public void Another_time_provider_is_read_as_is()
    {
        var time = new FakeTimeProvider();
        time.Advance(TimeSpan.FromDays(3));

        Assert.Equal(time.GetUtcNow(), CoarseUtcClock.Now(time));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(time.GetUtcNow(), CoarseUtcClock.Now(time));
    }

    [Fact]
    public void A_cached_value_on_a_fake_clock_expires_exactly_at_its_time_to_live()
    {
        var time = new FakeTimeProvider();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = time });
        ICache cache = manager.Cache();

        cache.Put("k", 1, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.True(cache.Has("k"));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.False(cache.Has("k"));
    }
}
