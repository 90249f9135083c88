namespace Memoize.Benchmarks.Subjects;

/// <summary>The method under test memoized on each persistent store (and on memory, for scale).</summary>
public partial class PersistentCompute(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;

    /// <summary>On the SQLite store (a database file).</summary>
    [Cached(Store = "sqlite", Minutes = 30)]
    public partial int OnSqlite(int id, string name);

    /// <summary>On the file store (one file per key).</summary>
    [Cached(Store = "file", Minutes = 30)]
    public partial int OnFile(int id, string name);

    /// <summary>On the default memory store.</summary>
    [Cached(Minutes = 30)]
    public partial int OnMemory(int id, string name);

    private int OnSqliteCore(int id, string name) => Workload.Compute(id, name);

    private int OnFileCore(int id, string name) => Workload.Compute(id, name);

    private int OnMemoryCore(int id, string name) => Workload.Compute(id, name);
}
