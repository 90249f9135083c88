using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;

namespace WebApi;

/// <summary>
/// Code written against the standard <see cref="HybridCache"/> abstraction, as a team may already have it. The
/// container gives it Memoize's HybridCache (<c>AddMemoize(...).AddHybridCache()</c>), so its entries live in
/// Memoize's stores (memory, or Redis when configured) beside the memoized methods'.
/// </summary>
public sealed class ExchangeRates(HybridCache cache)
{
    /// <summary>The tag of every rate, so one call drops them all.</summary>
    public const string Tag = "rates";

    private static readonly HybridCacheEntryOptions s_fiveMinutes = new() { Expiration = TimeSpan.FromMinutes(5) };
    private static readonly string[] s_tags = [Tag];
    private static int s_computations;

    /// <summary>How many rates were fetched (not served from the cache) since start.</summary>
    public static int Computations => Volatile.Read(ref s_computations);

    /// <summary>The rate of <paramref name="currency"/>, fetched at most once per five minutes.</summary>
    public ValueTask<RateQuote> GetAsync(string currency, CancellationToken cancellationToken)
        => cache.GetOrCreateAsync($"rate:{currency}", currency, static (c, ct) => FetchAsync(c, ct), s_fiveMinutes, s_tags, cancellationToken);

    /// <summary>Drops every cached rate.</summary>
    public ValueTask ForgetAllAsync(CancellationToken cancellationToken) => cache.RemoveByTagAsync(Tag, cancellationToken);

    private static async ValueTask<RateQuote> FetchAsync(string currency, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref s_computations);
        await Task.Delay(100, cancellationToken);
        return new RateQuote(currency.ToUpperInvariant(), 1 + (currency.Length % 7) / 10m, DateTimeOffset.UtcNow);
    }
}

/// <summary>An exchange rate against the euro.</summary>
public sealed record RateQuote(string Currency, decimal PerEuro, DateTimeOffset FetchedAt);
