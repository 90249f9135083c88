namespace Memoize;

/// <summary>Options of the <see cref="SqliteCacheStore"/>.</summary>
public sealed class SqliteCacheStoreOptions
{
    /// <summary>The value of <see cref="DataSource"/> that keeps the cache in memory, private to the store instance.</summary>
    public const string InMemory = ":memory:";

    /// <summary>The database file (created when missing), or <see cref="InMemory"/>. Default <see cref="InMemory"/>.</summary>
    public string DataSource { get; set; } = InMemory;

    /// <summary>The table that holds the entries (created when missing). Letters, digits and underscores. Default <c>memoize_cache</c>.</summary>
    public string TableName { get; set; } = "memoize_cache";

    /// <summary>The most entries kept; least recently used entries are deleted beyond it. <see langword="null"/>: no limit.</summary>
    public int? MaxEntries { get; set; }

    /// <summary>
    /// The most bytes of values kept; least recently used entries are deleted to stay under it, and a value larger
    /// than the whole budget is never stored. <see langword="null"/>: no limit.
    /// </summary>
    public long? MaxBytes { get; set; }

    /// <summary>How long a write waits for another process's transaction before failing. Default 5 seconds.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}
