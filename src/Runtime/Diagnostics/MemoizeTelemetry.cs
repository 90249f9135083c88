using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Memoize;

/// <summary>
/// The names under which Memoize reports metrics (<see cref="Meter"/> <c>Memoize</c>) and traces
/// (<see cref="ActivitySource"/> <c>Memoize</c>), so OpenTelemetry or <c>dotnet-counters</c> pick them up by name.
/// </summary>
/// <remarks>
/// Tags have bounded cardinality: <c>memoize.store</c> is a store name and <c>memoize.method</c> the key prefix of a
/// memoized method (both fixed at build or start-up time); keys and argument values are never tags.
/// </remarks>
public static class MemoizeTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>Memoize</c>.</summary>
    public const string Name = "Memoize";

    /// <summary>The tag that holds the store name.</summary>
    public const string StoreTag = "memoize.store";

    /// <summary>The tag that holds the memoized method (its key prefix); absent for calls of the cache API.</summary>
    public const string MethodTag = "memoize.method";

    /// <summary>The counter of hits: <c>memoize.hits</c>.</summary>
    public const string HitsName = "memoize.hits";

    /// <summary>The counter of misses (a value was computed): <c>memoize.misses</c>.</summary>
    public const string MissesName = "memoize.misses";

    /// <summary>The counter of store failures that were absorbed (the call computed instead): <c>memoize.errors</c>.</summary>
    public const string ErrorsName = "memoize.errors";

    /// <summary>The counter of entries the memory store removed for its size limit, or sliding entries gone unused: <c>memoize.evictions</c>.</summary>
    public const string EvictionsName = "memoize.evictions";

    /// <summary>The histogram of how long computing a missing value took, in seconds: <c>memoize.factory.duration</c>.</summary>
    public const string FactoryDurationName = "memoize.factory.duration";

    /// <summary>
    /// The counter of fail-safe activations: a caller got the last good value because the factory failed or timed out
    /// (<c>memoize.failsafe.activations</c>).
    /// </summary>
    public const string FailSafeActivationsName = "memoize.failsafe.activations";

    internal static readonly Meter Meter = new(Name, typeof(MemoizeTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly ActivitySource ActivitySource = new(Name, typeof(MemoizeTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> Hits = Meter.CreateCounter<long>(HitsName, "{hit}", "Calls answered from the cache.");

    internal static readonly Counter<long> Misses = Meter.CreateCounter<long>(MissesName, "{miss}", "Calls that computed their value.");

    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(ErrorsName, "{error}", "Store failures absorbed by computing the value.");

    internal static readonly Counter<long> Evictions = Meter.CreateCounter<long>(EvictionsName, "{entry}", "Entries removed by the memory store for capacity or expiry.");

    internal static readonly Counter<long> FailSafeActivations = Meter.CreateCounter<long>(FailSafeActivationsName, "{activation}", "Calls served the last good value because the factory failed or timed out.");

    internal static readonly Histogram<double> FactoryDuration = Meter.CreateHistogram<double>(FactoryDurationName, "s", "Time spent computing missing values.");

    internal static void RecordHit(string store, string? method)
    {
        if (method is null)
        {
            Hits.Add(1, new KeyValuePair<string, object?>(StoreTag, store));
        }
        else
        {
            Hits.Add(1, new KeyValuePair<string, object?>(StoreTag, store), new KeyValuePair<string, object?>(MethodTag, method));
        }
    }

    /// <summary>Counts a computed value; <paramref name="startTimestamp"/> is zero when no listener recorded durations as it started.</summary>
    internal static void RecordMiss(string store, string? method, long startTimestamp)
    {
        if (method is null)
        {
            Misses.Add(1, new KeyValuePair<string, object?>(StoreTag, store));
            if (FactoryDuration.Enabled && startTimestamp != 0)
            {
                FactoryDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>(StoreTag, store));
            }
        }
        else
        {
            Misses.Add(1, new KeyValuePair<string, object?>(StoreTag, store), new KeyValuePair<string, object?>(MethodTag, method));
            if (FactoryDuration.Enabled && startTimestamp != 0)
            {
                FactoryDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>(StoreTag, store), new KeyValuePair<string, object?>(MethodTag, method));
            }
        }
    }

    internal static void RecordFailSafe(string store, string? method)
    {
        if (method is null)
        {
            FailSafeActivations.Add(1, new KeyValuePair<string, object?>(StoreTag, store));
        }
        else
        {
            FailSafeActivations.Add(1, new KeyValuePair<string, object?>(StoreTag, store), new KeyValuePair<string, object?>(MethodTag, method));
        }
    }

    internal static void RecordError(string store) => Errors.Add(1, new KeyValuePair<string, object?>(StoreTag, store));

    internal static void RecordEviction(string store) => Evictions.Add(1, new KeyValuePair<string, object?>(StoreTag, store));

    /// <summary>Whether store operations are traced now (a listener samples this source).</summary>
    internal static bool TracesStores => ActivitySource.HasListeners();

    /// <summary>Starts an activity for a round-trip to a store, or returns <see langword="null"/> when nobody listens.</summary>
    internal static Activity? StartStoreActivity(string operation, string store)
    {
        if (!TracesStores)
        {
            return null;
        }

        Activity? activity = ActivitySource.StartActivity(operation, ActivityKind.Client);
        activity?.SetTag(StoreTag, store);
        return activity;
    }

    internal static void Fail(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            activity.SetTag("error.type", exception.GetType().FullName);
        }
    }
}
