using System.Threading;
using System.Threading.Tasks;
using Memoize;

namespace Resilience;

/// <summary>Forecasts cached for two seconds and nothing more: the source's failures and slowness reach the caller.</summary>
public sealed partial class PlainForecasts(WeatherSource source)
{
    [Cached(KeyPrefix = "plain", Seconds = 2)]
    public partial Task<string> GetAsync(string city, CancellationToken cancellationToken = default);

    private Task<string> GetAsyncCore(string city, CancellationToken cancellationToken) => source.FetchAsync(city, cancellationToken);
}

/// <summary>
/// The same forecasts, shielded: a result is kept ten minutes past its two-second lifetime as a fallback; when the
/// source fails the last good value is served (and the source left alone for a second); when it is slow the caller
/// gets the kept value after 100 ms while the fresh one is fetched in the background; nobody waits more than 3 s.
/// </summary>
public sealed partial class ShieldedForecasts(WeatherSource source)
{
    [Cached(KeyPrefix = "shielded", Seconds = 2, FailSafeMinutes = 10, FailSafeThrottleSeconds = 1, SoftTimeoutMilliseconds = 100, HardTimeoutMilliseconds = 3000)]
    public partial Task<string> GetAsync(string city, CancellationToken cancellationToken = default);

    private Task<string> GetAsyncCore(string city, CancellationToken cancellationToken) => source.FetchAsync(city, cancellationToken);
}
