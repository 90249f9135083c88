namespace Memoize;

/// <summary>Options of the <see cref="MemoryCacheStore"/>.</summary>
public sealed class MemoryCacheStoreOptions
{
    /// <summary>
    /// The most entries the store keeps; when a new entry would exceed it, the least recently used entries
    /// are evicted. <see langword="null"/> (the default) sets no limit.
    /// </summary>
    public long? SizeLimit { get; set; }

    /// <summary>The fraction of entries evicted at once when <see cref="SizeLimit"/> is reached. Default 0.05.</summary>
    public double CompactionPercentage { get; set; } = 0.05;
}
