using System;

namespace Memoize;

/// <summary>
/// How a remembered value behaves when its source fails or is slow, and how its lifetime is spread and renewed:
/// fail-safe, soft and hard factory timeouts, eager refresh and jitter. Every property left <see langword="null"/>
/// takes the manager's default (<see cref="CacheManagerOptions"/>, or the <c>Memoize</c> configuration section).
/// The same names appear on <see cref="CachedAttribute"/>.
/// </summary>
/// <remarks>
/// <para>An entry written with these options has a fresh end (its time to live plus a random jitter), a physical end
/// (the fresh end plus <see cref="FailSafeMinutes"/>: what the store keeps) and, with <see cref="EagerRefresh"/>, a
/// refresh moment. Reads through the string API (<c>Get</c>, <c>TryGet</c>, <c>Has</c>, <c>Pull</c>, copies) see an
/// entry only while it is fresh: the time to live users see does not change. Only the remember algorithm (the
/// <c>Remember</c> family and memoized methods) uses a stale entry, as a fallback.</para>
/// <para>Options are resolved and validated once per call site: a memoized method when it first runs on a manager, a
/// <c>Remember</c> call when it is made. Sliding entries take their time to live only (no fail-safe margin, refresh
/// moment or jitter); entries that never expire are never stale or due a refresh.</para>
/// <para>The soft and hard timeouts apply to asynchronous calls only: a synchronous call given explicit timeouts throws
/// <see cref="ArgumentException"/>, and synchronous calls ignore the manager's default timeouts. A factory that blocks
/// before its first <c>await</c> cannot be timed out. Past a timeout the factory keeps running with the caller's
/// cancellation token. See docs/resilience.md.</para>
/// </remarks>
public sealed class RememberOptions
{
    /// <summary>
    /// How many minutes an entry is kept past its time to live as a fallback; 0 turns fail-safe off. When the factory
    /// throws (or times out) and such an expired entry is still kept, the caller (and every caller waiting on the same
    /// computation) gets that last good value instead of the exception; the value is then stored again as if just
    /// computed with <see cref="FailSafeThrottleSeconds"/> as its time to live, so the factory is tried once per throttle
    /// window, and kept <see cref="FailSafeMinutes"/> past that window. Each activation logs a warning and adds to the
    /// <c>memoize.failsafe.activations</c> counter. Without a kept value the exception reaches the caller. Cancellation
    /// through the caller's token is never turned into a stale value; a factory's own <see cref="OperationCanceledException"/>
    /// (a client timeout) is a failure like any other.
    /// </summary>
    public int? FailSafeMinutes { get; set; }

    /// <summary>How many seconds a fail-safe value is served before the factory is tried again. Must be positive.</summary>
    public int? FailSafeThrottleSeconds { get; set; }

    /// <summary>
    /// When a kept (stale) value exists and the factory takes longer than this many milliseconds, the caller gets the
    /// stale value at once (a fail-safe activation); the factory goes on in the background and its result replaces the
    /// entry. Until it does, other callers of the key get the stale value too, without starting the factory again; if it
    /// fails, the stale value is stored for the throttle window. Needs <see cref="FailSafeMinutes"/>; without a kept value
    /// the caller waits up to <see cref="HardTimeoutMilliseconds"/>. Less than the hard timeout when both are set.
    /// 0: no soft timeout. Asynchronous calls only.
    /// </summary>
    public int? SoftTimeoutMilliseconds { get; set; }

    /// <summary>
    /// The longest a caller waits for the factory, in milliseconds (the wait for another process's compute lock
    /// included); 0: no limit. Past it the caller gets the kept value as with <see cref="SoftTimeoutMilliseconds"/>, or,
    /// when there is none, a <see cref="TimeoutException"/> naming the method or key, which the callers waiting on the
    /// same computation get too; the factory may complete in the background and fill the cache. Timers run on the
    /// manager's <see cref="CacheManagerOptions.TimeProvider"/>. Asynchronous calls only.
    /// </summary>
    public int? HardTimeoutMilliseconds { get; set; }

    /// <summary>
    /// A fraction of the lifetime (time to live plus jitter), strictly between 0 and 1: the first hit after that much of
    /// an entry's life has passed starts one background refresh while it and every other caller keep getting the
    /// current value with no added latency. At most one refresh of a key runs at a time in a process, and across
    /// processes when the store has a compute lock (Redis with <c>DistributedLock</c>): a process that finds the lock
    /// taken skips its refresh. A refresh that fails is logged and not retried before the entry expires (then fail-safe
    /// applies). A hit before the refresh moment allocates nothing. 0: no eager refresh.
    /// </summary>
    public double? EagerRefresh { get; set; }

    /// <summary>
    /// Up to how many seconds are added, at random (uniformly), to each entry's time to live when it is written, so
    /// entries written together do not expire together. The string API sees the longer lifetime too. 0: none.
    /// </summary>
    public int? JitterSeconds { get; set; }
}
