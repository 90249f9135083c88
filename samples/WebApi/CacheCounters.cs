using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using Memoize;

namespace WebApi;

/// <summary>
/// Totals of the <c>Memoize</c> meter, read in process with a <see cref="MeterListener"/>. In production an
/// OpenTelemetry exporter listens to the same meter by name; this keeps the sample free of extra packages.
/// </summary>
public sealed class CacheCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _hits;
    private long _misses;
    private long _errors;

    public CacheCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MemoizeTelemetry.Name && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public object Snapshot() => new
    {
        hits = Interlocked.Read(ref _hits),
        misses = Interlocked.Read(ref _misses),
        errors = Interlocked.Read(ref _errors),
    };

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case MemoizeTelemetry.HitsName:
                Interlocked.Add(ref _hits, value);
                break;
            case MemoizeTelemetry.MissesName:
                Interlocked.Add(ref _misses, value);
                break;
            case MemoizeTelemetry.ErrorsName:
                Interlocked.Add(ref _errors, value);
                break;
        }
    }
}
