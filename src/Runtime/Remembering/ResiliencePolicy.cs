using System;

namespace Memoize;

/// <summary>
/// What one call site's <see cref="RememberOptions"/> mean on one manager: each option the call site left
/// <see langword="null"/> takes the manager's default, and the merged values are validated once. A memoized method
/// resolves its policy when it binds to a manager; the remember API resolves it per call (or uses the manager's).
/// </summary>
internal sealed class ResiliencePolicy
{
    private ResiliencePolicy? _synchronous;

    private ResiliencePolicy(TimeProvider time, TimeSpan failSafe, TimeSpan throttle, TimeSpan softTimeout, TimeSpan hardTimeout, double eagerRefresh, TimeSpan jitter)
    {
        Time = time;
        FailSafe = failSafe;
        FailSafeThrottle = throttle;
        SoftTimeout = softTimeout;
        HardTimeout = hardTimeout;
        EagerRefresh = eagerRefresh;
        Jitter = jitter;
        ShapesLifetimes = failSafe > TimeSpan.Zero || eagerRefresh > 0 || jitter > TimeSpan.Zero;
        HasTimeouts = softTimeout > TimeSpan.Zero || hardTimeout > TimeSpan.Zero;
    }

    /// <summary>Every option off, on the system clock: what the algorithm did before these options existed.</summary>
    public static ResiliencePolicy None { get; } = new(TimeProvider.System, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.Zero, 0, TimeSpan.Zero);

    /// <summary>The clock lifetimes and timeouts are measured on (the manager's).</summary>
    public TimeProvider Time { get; }

    /// <summary>How long an entry is kept past its time to live as a fallback; zero: fail-safe off.</summary>
    public TimeSpan FailSafe { get; }

    /// <summary>How long a fallback is served, as if fresh, before the factory is tried again.</summary>
    public TimeSpan FailSafeThrottle { get; }

    /// <summary>With a fallback, how long a caller waits for the factory before getting the fallback; zero: no soft timeout.</summary>
    public TimeSpan SoftTimeout { get; }

    /// <summary>The longest a caller waits for the factory; zero: no limit.</summary>
    public TimeSpan HardTimeout { get; }

    /// <summary>The fraction of an entry's lifetime after which a hit starts a background refresh; zero: none.</summary>
    public double EagerRefresh { get; }

    /// <summary>The most random extra lifetime given to an entry; zero: none.</summary>
    public TimeSpan Jitter { get; }

    /// <summary>Whether entries get more than their time to live: a fail-safe margin, a refresh moment or jitter.</summary>
    public bool ShapesLifetimes { get; }

    /// <summary>Whether a caller may stop waiting for the factory.</summary>
    public bool HasTimeouts { get; }

    /// <summary>Whether any option is on: with none, the algorithm takes its plain path.</summary>
    public bool IsOff => !ShapesLifetimes && !HasTimeouts;

    /// <summary>
    /// This policy for a synchronous caller: the same without timeouts, which cannot be honoured without blocking a
    /// thread on a timer. Explicit timeouts on a synchronous call are refused earlier (<see cref="RejectTimeoutsOnSynchronousCall"/>).
    /// </summary>
    public ResiliencePolicy ForSynchronous
        => !HasTimeouts ? this : _synchronous ??= new ResiliencePolicy(Time, FailSafe, FailSafeThrottle, TimeSpan.Zero, TimeSpan.Zero, EagerRefresh, Jitter);

    /// <summary>The manager-wide policy: the defaults of <paramref name="options"/>, already validated by <see cref="CacheManagerOptions"/>.</summary>
    public static ResiliencePolicy Defaults(CacheManagerOptions options) => Resolve(null, options);

    /// <summary>Merges <paramref name="options"/> over the manager's defaults and validates the result.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A merged value is out of range; the message names the property and the allowed range.</exception>
    public static ResiliencePolicy Resolve(RememberOptions? options, CacheManagerOptions defaults)
    {
        int failSafe = options?.FailSafeMinutes ?? defaults.FailSafeMinutes;
        int throttle = options?.FailSafeThrottleSeconds ?? defaults.FailSafeThrottleSeconds;
        int soft = options?.SoftTimeoutMilliseconds ?? defaults.SoftTimeoutMilliseconds;
        int hard = options?.HardTimeoutMilliseconds ?? defaults.HardTimeoutMilliseconds;
        double eager = options?.EagerRefresh ?? defaults.EagerRefresh;
        int jitter = options?.JitterSeconds ?? defaults.JitterSeconds;
        Validate(options is null ? nameof(CacheManagerOptions) : nameof(RememberOptions), failSafe, throttle, soft, hard, eager, jitter);
        return new ResiliencePolicy(
            defaults.TimeProvider ?? TimeProvider.System,
            TimeSpan.FromMinutes(failSafe),
            TimeSpan.FromSeconds(throttle),
            TimeSpan.FromMilliseconds(soft),
            TimeSpan.FromMilliseconds(hard),
            eager,
            TimeSpan.FromSeconds(jitter));
    }

    /// <summary>Checks the six values; <paramref name="owner"/> names where they were set in the messages.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static void Validate(string owner, int failSafeMinutes, int throttleSeconds, int softTimeoutMilliseconds, int hardTimeoutMilliseconds, double eagerRefresh, int jitterSeconds)
    {
        if (FindProblem(owner + ".", failSafeMinutes, throttleSeconds, softTimeoutMilliseconds, hardTimeoutMilliseconds, eagerRefresh, jitterSeconds) is { } problem)
        {
            throw new ArgumentOutOfRangeException(problem.Property, problem.Value, problem.Message);
        }
    }

    /// <summary>The first of the six values out of range, with a message that starts with <paramref name="prefix"/> and the property's name; <see langword="null"/> when all are valid.</summary>
    public static (string Property, object Value, string Message)? FindProblem(string prefix, int failSafeMinutes, int throttleSeconds, int softTimeoutMilliseconds, int hardTimeoutMilliseconds, double eagerRefresh, int jitterSeconds)
    {
        if (failSafeMinutes < 0)
        {
            return (nameof(RememberOptions.FailSafeMinutes), failSafeMinutes, $"{prefix}FailSafeMinutes must be 0 (off) or more; got {failSafeMinutes}.");
        }

        if (throttleSeconds <= 0)
        {
            return (nameof(RememberOptions.FailSafeThrottleSeconds), throttleSeconds, $"{prefix}FailSafeThrottleSeconds must be 1 or more; got {throttleSeconds}.");
        }

        if (softTimeoutMilliseconds < 0)
        {
            return (nameof(RememberOptions.SoftTimeoutMilliseconds), softTimeoutMilliseconds, $"{prefix}SoftTimeoutMilliseconds must be 0 (none) or more; got {softTimeoutMilliseconds}.");
        }

        if (hardTimeoutMilliseconds < 0)
        {
            return (nameof(RememberOptions.HardTimeoutMilliseconds), hardTimeoutMilliseconds, $"{prefix}HardTimeoutMilliseconds must be 0 (no limit) or more; got {hardTimeoutMilliseconds}.");
        }

        if (softTimeoutMilliseconds > 0 && hardTimeoutMilliseconds > 0 && softTimeoutMilliseconds >= hardTimeoutMilliseconds)
        {
            return (nameof(RememberOptions.SoftTimeoutMilliseconds), softTimeoutMilliseconds, $"{prefix}SoftTimeoutMilliseconds must be less than HardTimeoutMilliseconds when both are set; got {softTimeoutMilliseconds} and {hardTimeoutMilliseconds}.");
        }

        if (double.IsNaN(eagerRefresh) || (eagerRefresh != 0 && eagerRefresh is <= 0 or >= 1))
        {
            return (nameof(RememberOptions.EagerRefresh), eagerRefresh, $"{prefix}EagerRefresh must be 0 (none) or strictly between 0 and 1; got {eagerRefresh.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        if (jitterSeconds < 0)
        {
            return (nameof(RememberOptions.JitterSeconds), jitterSeconds, $"{prefix}JitterSeconds must be 0 (none) or more; got {jitterSeconds}.");
        }

        return null;
    }

    /// <summary>
    /// Refuses timeouts set explicitly on a synchronous call: waiting for them would block a thread on a timer.
    /// Manager-wide default timeouts are not refused; synchronous calls ignore them (<see cref="ForSynchronous"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The options set a soft or hard timeout.</exception>
    public static void RejectTimeoutsOnSynchronousCall(RememberOptions? options, string parameterName)
    {
        if (options is { SoftTimeoutMilliseconds: > 0 } or { HardTimeoutMilliseconds: > 0 })
        {
            throw new ArgumentException(
                "SoftTimeoutMilliseconds and HardTimeoutMilliseconds apply to asynchronous calls only: a synchronous caller cannot stop waiting for its factory without blocking. Use RememberAsync (or an async method), or leave both at null or 0.",
                parameterName);
        }
    }

    /// <summary>The lifetime of a value computed now that plain time to live would keep until <paramref name="expiresAt"/>.</summary>
    /// <param name="expiresAt">The plain expiry: <see langword="null"/> for never, <see cref="DateTimeOffset.MinValue"/> for a lifetime already over.</param>
    /// <param name="sliding">Sliding entries renew on use: they take their time to live only (no margin, refresh or jitter).</param>
    public EntryTiming TimingOf(DateTimeOffset? expiresAt, bool sliding)
    {
        if (expiresAt is not { } end)
        {
            return EntryTiming.Forever;
        }

        if (!ShapesLifetimes || sliding || end == DateTimeOffset.MinValue)
        {
            return EntryTiming.Plain(end.UtcTicks);
        }

        long now = Time.GetUtcNow().UtcTicks;
        long lifetime = Math.Max(0, end.UtcTicks - now);
        long jitter = Jitter > TimeSpan.Zero ? (long)(Random.Shared.NextDouble() * Jitter.Ticks) : 0;
        long freshUntil = Add(end.UtcTicks, jitter);
        long refreshAt = EagerRefresh > 0 ? Add(now, (long)((lifetime + jitter) * EagerRefresh)) : long.MaxValue;
        return new EntryTiming(freshUntil, refreshAt, Add(freshUntil, FailSafe.Ticks));
    }

    /// <summary>The lifetime of a fallback served after the factory failed: fresh for the throttle window, then kept as any entry.</summary>
    public EntryTiming FallbackTiming()
    {
        long freshUntil = Add(Time.GetUtcNow().UtcTicks, FailSafeThrottle.Ticks);
        return new EntryTiming(freshUntil, long.MaxValue, Add(freshUntil, FailSafe.Ticks));
    }

    private static long Add(long ticks, long more)
        => ticks > DateTimeOffset.MaxValue.UtcTicks - more ? DateTimeOffset.MaxValue.UtcTicks : ticks + more;
}

/// <summary>
/// When an entry stops being fresh, when a hit should refresh it, and until when it is kept as a fallback, in UTC
/// ticks (<see cref="long.MaxValue"/>: never). Without fail-safe the entry is kept exactly as long as it is fresh.
/// </summary>
/// <param name="FreshUntil">The logical end: the time to live plus any jitter. Reads after it see the entry as absent (or stale).</param>
/// <param name="RefreshAt">With eager refresh, the moment from which a hit starts a background refresh; otherwise <see cref="long.MaxValue"/>.</param>
/// <param name="KeptUntil">The physical end: what the store keeps; after <see cref="FreshUntil"/> the value is a fail-safe fallback.</param>
internal readonly record struct EntryTiming(long FreshUntil, long RefreshAt, long KeptUntil)
{
    /// <summary>An entry that never expires.</summary>
    public static EntryTiming Forever => new(long.MaxValue, long.MaxValue, long.MaxValue);

    /// <summary>An entry kept exactly until it expires, with no refresh moment.</summary>
    public static EntryTiming Plain(long expiresAtTicks) => new(expiresAtTicks, long.MaxValue, expiresAtTicks);

    /// <summary>Whether the store's expiry says everything (no fail-safe margin and no refresh moment to carry).</summary>
    public bool IsPlain => RefreshAt == long.MaxValue && KeptUntil == FreshUntil;

    /// <summary>The store's expiry: the physical end, <see langword="null"/> for never.</summary>
    public DateTimeOffset? KeptUntilTime => KeptUntil == long.MaxValue ? null : new DateTimeOffset(KeptUntil, TimeSpan.Zero);

    /// <summary>The same lifetime with no refresh moment (a refresh that failed is not retried before the entry expires).</summary>
    public EntryTiming WithoutRefresh() => this with { RefreshAt = long.MaxValue };

    /// <summary>How a read at <paramref name="nowTicks"/> finds an entry with this lifetime that is still kept.</summary>
    public EntryState StateAt(long nowTicks)
        => nowTicks < Math.Min(RefreshAt, FreshUntil) ? EntryState.Fresh : nowTicks < FreshUntil ? EntryState.RefreshDue : EntryState.Stale;
}
