namespace Memoize;

/// <summary>Options of the <see cref="FileCacheStore"/>.</summary>
public sealed class FileCacheStoreOptions
{
    /// <summary>The directory that holds the cache files (created when missing). Required.</summary>
    public string Directory { get; set; } = "";

    /// <summary>
    /// The most bytes of entries kept (file sizes, headers included); least recently used entries are deleted to
    /// stay under it, and an entry larger than the whole budget is never stored. <see langword="null"/>: no limit.
    /// </summary>
    public long? MaxBytes { get; set; }

    /// <summary>The most entries kept; least recently used entries are deleted beyond it. <see langword="null"/>: no limit.</summary>
    public int? MaxEntries { get; set; }
}
