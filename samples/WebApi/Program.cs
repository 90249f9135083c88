using System.Threading;
using Memoize;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WebApi;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// Stores, default store and TTL come from the "Memoize" section of appsettings.json (memory unless configured;
// with the Memoize.Redis package, add a store of type "redis" and make it the default).
builder.Services.AddMemoize(builder.Configuration.GetSection("Memoize"));
builder.Services.AddSingleton<WeatherService>();
builder.Services.AddSingleton<CacheCounters>();

WebApplication app = builder.Build();
app.Services.GetRequiredService<CacheCounters>();

app.MapGet("/weather/{city}", (string city, WeatherService weather, CancellationToken cancellationToken) => weather.GetForecastAsync(city, cancellationToken));
app.MapGet("/memoize/manifest", () => Results.Ok(CacheManifest.Entries));
app.MapGet("/memoize/metrics", (CacheCounters counters) => Results.Ok(counters.Snapshot()));
app.MapGet("/memoize/computations", () => Results.Ok(new { computations = WeatherService.Computations }));

app.Run();
