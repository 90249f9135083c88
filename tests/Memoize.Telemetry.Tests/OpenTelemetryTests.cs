using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Memoize.Telemetry.Tests;

/// <summary>A memoized method on a file store, whose round trips are traced.</summary>
public sealed partial class CubeService(ICacheManager cache)
{
    /// <summary>A store name no other test uses: the meter and the activity source are process-wide.</summary>
    public const string StoreName = "otel-files";

    private readonly ICacheManager _cache = cache;

    public int Computations { get; private set; }

    [Cached(KeyPrefix = "otel.cube", Store = StoreName)]
    public partial Task<long> CubeAsync(long value);

    private Task<long> CubeAsyncCore(long value)
    {
        Computations++;
        return Task.FromResult(value * value * value);
    }
}

/// <summary>Memoize seen through the OpenTelemetry SDK, subscribed by name in a host, as an application does.</summary>
[Collection(TelemetryListenersCollection.Name)]
public sealed class OpenTelemetryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memoize-otel-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_application_subscribed_by_name_sees_hits_misses_factory_duration_and_store_spans_with_their_tags()
    {
        var metrics = new List<MetricSnapshot>();
        var spans = new List<Activity>();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddMemoize(o => o.AddStore(CubeService.StoreName, "file", s => s.Settings["Directory"] = _directory));
        builder.Services.AddSingleton<CubeService>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(MemoizeTelemetry.Name).AddInMemoryExporter(metrics))
            .WithTracing(t => t.AddSource(MemoizeTelemetry.Name).AddInMemoryExporter(spans));
        using IHost host = builder.Build();
        await host.StartAsync();
        var cubes = host.Services.GetRequiredService<CubeService>();

        Assert.Equal(27, await cubes.CubeAsync(3));
        Assert.Equal(27, await cubes.CubeAsync(3));
        Assert.Equal(27, await cubes.CubeAsync(3));
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        await host.StopAsync();

        Assert.Equal(1, cubes.Computations);
        Assert.Equal(1, Sum(metrics, MemoizeTelemetry.MissesName));
        Assert.Equal(2, Sum(metrics, MemoizeTelemetry.HitsName));
        MetricPoint duration = Assert.Single(Points(metrics, MemoizeTelemetry.FactoryDurationName));
        Assert.Equal(1, duration.GetHistogramCount());
        Assert.True(duration.GetHistogramSum() >= 0);
        Assert.Equal("s", metrics.Last(m => m.Name == MemoizeTelemetry.FactoryDurationName).Unit);
        Assert.All(
            Points(metrics, MemoizeTelemetry.HitsName).Concat(Points(metrics, MemoizeTelemetry.MissesName)),
            point => Assert.Equal(
                [(MemoizeTelemetry.MethodTag, "otel.cube"), (MemoizeTelemetry.StoreTag, CubeService.StoreName)],
                Tags(point).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value as string))));

        List<Activity> mine = spans.Where(s => s.GetTagItem(MemoizeTelemetry.StoreTag) as string == CubeService.StoreName).ToList();
        Assert.All(mine, s => Assert.Equal((MemoizeTelemetry.Name, ActivityKind.Client, ActivityStatusCode.Unset), (s.Source.Name, s.Kind, s.Status)));
        // The miss: one read (no caller finished the key meanwhile, so it is not read again), then the write; each hit: one read.
        Assert.Single(mine, s => s.OperationName == "memoize.store.get" && s.GetTagItem("memoize.hit") is false);
        Assert.Single(mine, s => s.OperationName == "memoize.store.set");
        Assert.Equal(2, mine.Count(s => s.OperationName == "memoize.store.get" && s.GetTagItem("memoize.hit") is true));
    }

    /// <summary>The points of one instrument from the last export: each holds its running total.</summary>
    private static List<MetricPoint> Points(List<MetricSnapshot> metrics, string instrument)
    {
        MetricSnapshot? last = metrics.LastOrDefault(m => m.Name == instrument);
        return last is null ? [] : last.MetricPoints.Where(p => Tags(p).Any(t => t.Key == MemoizeTelemetry.StoreTag && t.Value as string == CubeService.StoreName)).ToList();
    }

    private static long Sum(List<MetricSnapshot> metrics, string instrument) => Points(metrics, instrument).Sum(p => p.GetSumLong());

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }
}
