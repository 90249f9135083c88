using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize;

namespace WebApi;

/// <summary>A forecast that is slow to compute; the container gives it the application's cache manager.</summary>
public sealed partial class WeatherService(ICacheManager cache)
{
    private static int s_computations;

    // Memoized methods use the ICacheManager field of their type: the one from AddMemoize.
    private readonly ICacheManager _cache = cache;

    /// <summary>How many forecasts were computed (not served from the cache) since start.</summary>
    public static int Computations => Volatile.Read(ref s_computations);

    [Cached(KeyPrefix = "forecast", Minutes = 5)]
    public partial Task<Forecast> GetForecastAsync(string city, CancellationToken cancellationToken);

    private async Task<Forecast> GetForecastAsyncCore(string city, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref s_computations);
        await Task.Delay(200, cancellationToken);
        return new Forecast(city, 10 + (city.Length % 15), DateTimeOffset.UtcNow);
    }
}

/// <summary>A forecast.</summary>
public sealed record Forecast(string City, int TemperatureC, DateTimeOffset ComputedAt);
