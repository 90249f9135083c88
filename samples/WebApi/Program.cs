using System.Threading;
using Memoize;
using Memoize.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WebApi;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// Stores, default store and TTL come from the "Memoize" section of appsettings.json. With a Redis connection string
// (ConnectionStrings:Redis, e.g. from the environment variable ConnectionStrings__Redis) the cache is shared in Redis;
// without one it stays in memory.
string? redis = builder.Configuration.GetConnectionString("Redis");
builder.Services.AddMemoize(builder.Configuration.GetSection("Memoize"), o =>
    {
        if (!string.IsNullOrEmpty(redis))
        {
            o.AddStore("redis", RedisMemoizeBuilderExtensions.StoreTypeName, s => s.ConnectionString = redis);
            o.DefaultStore = "redis";
        }
    })
    .AddRedisStoreType()
    // The standard HybridCache, implemented on the same manager and stores, for code written against it.
    .AddHybridCache();
builder.Services.AddSingleton<WeatherService>();
builder.Services.AddSingleton<ExchangeRates>();
builder.Services.AddSingleton<CacheCounters>();

WebApplication app = builder.Build();
app.Services.GetRequiredService<CacheCounters>();

app.MapGet("/weather/{city}", (string city, WeatherService weather, CancellationToken cancellationToken) => weather.GetForecastAsync(city, cancellationToken));
app.MapGet("/rates/{currency}", (string currency, ExchangeRates rates, CancellationToken cancellationToken) => rates.GetAsync(currency, cancellationToken));
app.MapDelete("/rates", async (ExchangeRates rates, CancellationToken cancellationToken) =>
{
    await rates.ForgetAllAsync(cancellationToken);
    return Results.NoContent();
});
app.MapGet("/memoize/manifest", () => Results.Ok(CacheManifest.Entries));
app.MapGet("/memoize/metrics", (CacheCounters counters) => Results.Ok(counters.Snapshot()));
app.MapGet("/memoize/store", (CacheManager cache) => Results.Ok(new { defaultStore = cache.Options.DefaultStore }));
app.MapGet("/memoize/computations", () => Results.Ok(new { computations = WeatherService.Computations, rateComputations = ExchangeRates.Computations }));

app.Run();
