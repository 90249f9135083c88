using System;

namespace Memoize;

/// <summary>
/// Marks a <c>partial</c> method whose body the Memoize source generator writes: the result of the
/// matching <c>{Name}Core</c> method is remembered in a cache store, keyed by the method and its arguments.
/// </summary>
/// <remarks>
/// Declare the method without a body and implement <c>{Name}Core</c> with the same parameters and return type.
/// Supported return kinds: <c>T</c>, <see cref="System.Threading.Tasks.Task{TResult}"/> and
/// <see cref="System.Threading.Tasks.ValueTask{TResult}"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CachedAttribute : Attribute
{
    /// <summary>
    /// The name of the store that keeps the results, as registered on the cache manager.
    /// <see langword="null"/> (the default) uses the manager's default store.
    /// </summary>
    public string? Store { get; set; }

    /// <summary>
    /// The first segment of every key this method writes. <see langword="null"/> (the default) uses the
    /// method's full name, <c>Namespace.Type.Method</c>. It must not be empty nor contain <c>':'</c>.
    /// </summary>
    public string? KeyPrefix { get; set; }

    /// <summary>
    /// How many minutes a result is kept. Zero (the default) uses the manager's default time to live
    /// (60 minutes unless configured). Added to <see cref="Seconds"/> when both are set.
    /// </summary>
    public int Minutes { get; set; }

    /// <summary>
    /// How many seconds a result is kept, added to <see cref="Minutes"/>. When both are zero the manager's
    /// default time to live applies.
    /// </summary>
    public int Seconds { get; set; }

    /// <summary>
    /// When <see langword="true"/>, every hit extends the entry's life by the time to live again, so an entry expires
    /// only after it has gone unused that long. Default <see langword="false"/> (absolute expiry).
    /// </summary>
    public bool Sliding { get; set; }

    /// <summary>
    /// The name of a method of the same type, <c>bool M(TResult result)</c>, that returns <see langword="true"/> for
    /// a result that must not be cached (for example <see langword="null"/> or empty). The result is still returned.
    /// </summary>
    public string? Unless { get; set; }

    /// <summary>
    /// Whether the key includes a fingerprint of the result type's shape (its members' names and types, computed at
    /// build time), so that changing a cached type makes entries written before the change unreachable instead of
    /// failing to read. Default <see langword="true"/>; it is only added for result types that have members.
    /// </summary>
    public bool ShapeFingerprint { get; set; } = true;

    /// <summary>
    /// How many minutes a result is kept past its time to live as a fallback; 0 (the default) turns fail-safe off
    /// unless the manager sets a default. When the Core method throws or times out and such an expired result is
    /// still kept, the caller gets it instead of the exception, and it is served for <see cref="FailSafeThrottleSeconds"/>
    /// before Core is tried again. Cancellation by the caller is never turned into a stale result.
    /// </summary>
    public int FailSafeMinutes { get; set; }

    /// <summary>How many seconds a fail-safe result is served before Core is tried again. Default 30.</summary>
    public int FailSafeThrottleSeconds { get; set; } = 30;

    /// <summary>
    /// When a kept (stale) result exists and Core takes longer than this many milliseconds, the caller gets the stale
    /// result at once; Core goes on in the background and its result replaces the entry. 0 (the default): none.
    /// Asynchronous methods only.
    /// </summary>
    public int SoftTimeoutMilliseconds { get; set; }

    /// <summary>
    /// The longest a caller waits for Core, in milliseconds. Past it the caller gets the kept result, or a
    /// <see cref="TimeoutException"/> naming the method when there is none; Core may complete in the background and
    /// fill the cache. 0 (the default): no limit. Asynchronous methods only.
    /// </summary>
    public int HardTimeoutMilliseconds { get; set; }

    /// <summary>
    /// A fraction of the time to live, strictly between 0 and 1: the first hit after that much of an entry's life has
    /// passed starts one background refresh; callers keep getting the current result with no added latency.
    /// 0 (the default): none.
    /// </summary>
    public double EagerRefresh { get; set; }

    /// <summary>Up to how many seconds are added, at random, to each result's lifetime, so results cached together do not expire together. 0 (the default): none.</summary>
    public int JitterSeconds { get; set; }
}
