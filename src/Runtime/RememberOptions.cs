using System;

namespace Memoize;

/// <summary>
/// How a remembered value behaves when its source fails or is slow, and how its lifetime is spread and renewed:
/// fail-safe, soft and hard factory timeouts, eager refresh and jitter. Every property left <see langword="null"/>
/// takes the manager's default (<see cref="CacheManagerOptions"/>, or the <c>Memoize</c> configuration section).
/// The same names appear on <see cref="CachedAttribute"/>.
/// </summary>
/// <remarks>See docs/resilience.md for the exact semantics of each option.</remarks>
public sealed class RememberOptions
{
    /// <summary>
    /// How many minutes an entry is kept past its time to live as a fallback; 0 turns fail-safe off. When the factory
    /// throws (or times out) and such an expired entry is still kept, the caller gets that last good value instead of
    /// the exception, and the value is served for <see cref="FailSafeThrottleSeconds"/> before the factory is tried again.
    /// </summary>
    public int? FailSafeMinutes { get; set; }

    /// <summary>How many seconds a fail-safe value is served before the factory is tried again. Must be positive.</summary>
    public int? FailSafeThrottleSeconds { get; set; }

    /// <summary>
    /// When a kept (stale) value exists and the factory takes longer than this many milliseconds, the caller gets the
    /// stale value at once; the factory goes on in the background and its result replaces the entry. 0: no soft timeout.
    /// </summary>
    public int? SoftTimeoutMilliseconds { get; set; }

    /// <summary>
    /// The longest a caller waits for the factory, in milliseconds; 0: no limit. Past it the caller gets the kept value,
    /// or a <see cref="TimeoutException"/> when there is none; the factory may complete in the background and fill the cache.
    /// </summary>
    public int? HardTimeoutMilliseconds { get; set; }

    /// <summary>
    /// A fraction of the time to live, strictly between 0 and 1: the first hit after that much of an entry's life has
    /// passed starts one background refresh while callers keep getting the current value. 0: no eager refresh.
    /// </summary>
    public double? EagerRefresh { get; set; }

    /// <summary>Up to how many seconds are added, at random, to each entry's lifetime, so entries written together do not expire together. 0: none.</summary>
    public int? JitterSeconds { get; set; }
}
