namespace Memoize;

/// <summary>Options of the <see cref="HybridCacheStore"/>.</summary>
public sealed class HybridCacheStoreOptions
{
    /// <summary>
    /// Put before every key this store writes, so it shares the HybridCache with the application's own entries.
    /// Default <c>memoize:</c>. The entries of one prefix also carry one HybridCache tag, which a flush removes.
    /// </summary>
    public string KeyPrefix { get; set; } = "memoize:";
}
