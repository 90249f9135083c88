using System;
using System.Diagnostics.Metrics;

namespace Memoize.Telemetry.Tests;

[Collection(TelemetryListenersCollection.Name)]
public sealed class HitCostTests
{
    [Fact]
    public void A_memory_hit_allocates_nothing_even_while_a_listener_counts_it()
    {
        long counted = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MemoizeTelemetry.Name && instrument.Name == MemoizeTelemetry.HitsName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => counted += value);
        listener.Start();
        using var manager = new CacheManager();
        manager.AddStore("squares", new MemoryCacheStore());
        var service = new SquareService(manager);
        service.Square(5, "warm");
        service.Square(5, "warm");

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            service.Square(5, "warm");
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(counted >= 1001);
    }
}
