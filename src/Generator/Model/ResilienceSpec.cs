namespace Memoize.Generator.Model;

/// <summary>
/// The resilience options a <c>[Cached]</c> application sets: each is the value written on the attribute, or
/// <see langword="null"/> when the attribute does not set it, so that the manager's default applies. An explicit 0
/// turns the option off for the method even when the manager's default turns it on.
/// </summary>
/// <param name="FailSafeMinutes">How many minutes an entry is kept past its time to live as a fallback.</param>
/// <param name="FailSafeThrottleSeconds">How many seconds a fail-safe value is served before Core is tried again.</param>
/// <param name="SoftTimeoutMilliseconds">How long a caller waits for Core before it gets a kept value.</param>
/// <param name="HardTimeoutMilliseconds">The longest a caller waits for Core.</param>
/// <param name="EagerRefresh">The fraction of the time to live after which a hit starts a background refresh.</param>
/// <param name="JitterSeconds">Up to how many seconds are added at random to each entry's lifetime.</param>
internal sealed record ResilienceSpec(
    int? FailSafeMinutes,
    int? FailSafeThrottleSeconds,
    int? SoftTimeoutMilliseconds,
    int? HardTimeoutMilliseconds,
    double? EagerRefresh,
    int? JitterSeconds);
