using System;

namespace Memoize.Testing;

/// <summary>A clock that only moves when a test advances it, so expiry is tested without sleeping.</summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    /// <summary>Creates the clock at <paramref name="start"/>, or at 2026-01-01 12:00 UTC.</summary>
    public FakeTimeProvider(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => _now += by;
}
