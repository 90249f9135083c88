using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Resilience;

/// <summary>How the weather API behaves right now.</summary>
public enum SourceState
{
    /// <summary>Answers at once.</summary>
    Healthy,

    /// <summary>Every call fails.</summary>
    Down,

    /// <summary>Answers, but takes <see cref="WeatherSource.SlowDelay"/>.</summary>
    Slow,
}

/// <summary>A stand-in for a remote weather API that fails and slows down on command.</summary>
public sealed class WeatherSource
{
    /// <summary>How long a slow answer takes.</summary>
    public static readonly TimeSpan SlowDelay = TimeSpan.FromMilliseconds(800);

    private int _calls;
    private int _version;

    /// <summary>How the source behaves for the next calls.</summary>
    public SourceState State { get; set; }

    /// <summary>How many times the source was called.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The forecast for <paramref name="city"/>; each answer carries a new version number.</summary>
    public async Task<string> FetchAsync(string city, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        switch (State)
        {
            case SourceState.Down:
                await Task.Yield();
                throw new HttpRequestException("weather API unreachable");
            case SourceState.Slow:
                await Task.Delay(SlowDelay, cancellationToken);
                break;
        }

        return $"{city}: 14 C (v{Interlocked.Increment(ref _version)})";
    }
}
