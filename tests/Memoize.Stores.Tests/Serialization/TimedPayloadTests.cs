using System;
using System.Threading.Tasks;
using Memoize.Stores;
using Memoize.Testing;

namespace Memoize.Stores.Tests.Serialization;

/// <summary>
/// Entries with fail-safe or eager refresh carry their fresh end and refresh moment in the payload (version 3); the
/// store's expiry is their physical end. Other entries keep the version 2 payload older readers know.
/// </summary>
public sealed class TimedPayloadTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly RawOnlyStore _store = new();
    private readonly FakeTimeProvider _clock = new(Start);

    private ICache Cache() => new CacheManager(new CacheManagerOptions { TimeProvider = _clock, Compression = CacheCompression.GZip, CompressionThreshold = 4 }).AddStore("raw", _store).Cache("raw");

    [Fact]
    public async Task A_fail_safe_entry_carries_its_fresh_end_and_refresh_moment_and_the_store_keeps_it_past_them()
    {
        ICache cache = Cache();

        await cache.RememberAsync("k", TimeSpan.FromMinutes(10), new RememberOptions { FailSafeMinutes = 60, EagerRefresh = 0.5 }, _ => new ValueTask<string>("compressed value"));

        byte[] raw = _store.RawBytes("k");
        Assert.Equal(CachePayloadFormat.TimedVersion, raw[3]);
        Assert.True(CachePayloadFormat.TryReadTiming(raw, out long freshUntil, out long refreshAt));
        Assert.Equal(Start.AddMinutes(10).UtcTicks, freshUntil);
        Assert.Equal(Start.AddMinutes(5).UtcTicks, refreshAt);
        Assert.Equal(Start.AddMinutes(70), (await _store.GetAsync("k"))!.Value.ExpiresAt);
        Assert.Equal("compressed value", cache.Get<string>("k"));
    }

    [Fact]
    public async Task Without_fail_safe_or_eager_refresh_the_payload_stays_version_2()
    {
        ICache cache = Cache();

        await cache.RememberAsync("k", TimeSpan.FromMinutes(10), new RememberOptions { JitterSeconds = 30 }, _ => new ValueTask<string>("v"));

        byte[] raw = _store.RawBytes("k");
        Assert.Equal(CachePayloadFormat.Version, raw[3]);
        Assert.False(CachePayloadFormat.TryReadTiming(raw, out _, out _));
        Assert.InRange((await _store.GetAsync("k"))!.Value.ExpiresAt!.Value, Start.AddMinutes(10), Start.AddMinutes(10).AddSeconds(30));
    }

    [Fact]
    public void A_version_2_entry_written_before_these_options_still_reads_and_is_fresh_until_the_store_expiry()
    {
        ICache cache = Cache();
        cache.Put("old", "written earlier", TimeSpan.FromMinutes(1));

        Assert.Equal("written earlier", cache.Remember("old", TimeSpan.FromMinutes(1), new RememberOptions { FailSafeMinutes = 5 }, () => "recomputed"));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("recomputed", cache.Remember("old", TimeSpan.FromMinutes(1), new RememberOptions { FailSafeMinutes = 5 }, () => "recomputed"));
        Assert.Equal(CachePayloadFormat.TimedVersion, _store.RawBytes("old")[3]);
    }
}
