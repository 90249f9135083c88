using System;

namespace Memoize.Benchmarks.Redis;

/// <summary>Quantiles of measured values, for the Redis hit runners' summaries.</summary>
internal static class Quantiles
{
    /// <summary>The <paramref name="q"/> quantile of sorted values, interpolating between neighbours (0.5: the median).</summary>
    public static double Of(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
