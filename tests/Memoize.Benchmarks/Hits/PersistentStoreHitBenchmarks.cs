using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using Memoize.Benchmarks.Subjects;

namespace Memoize.Benchmarks.Hits;

/// <summary>
/// Hits of a memoized <c>int Compute(int id, string name)</c> on the SQLite and file stores (a read of the database or
/// of one file, then deserialization), with the memory store in the same run for scale.
/// </summary>
[MemoryDiagnoser]
public class PersistentStoreHitBenchmarks
{
    private string _directory = "";
    private CacheManager _cache = null!;
    private PersistentCompute _subject = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "memoize-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _cache = new CacheManager()
            .AddSqliteStore("sqlite", new SqliteCacheStoreOptions { DataSource = Path.Combine(_directory, "cache.db") })
            .AddFileStore("file", new FileCacheStoreOptions { Directory = Path.Combine(_directory, "files") });
        _subject = new PersistentCompute(_cache);
        _subject.OnSqlite(42, "answer");
        _subject.OnFile(42, "answer");
        _subject.OnMemory(42, "answer");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Memoize [Cached] on memory")]
    public int Memory() => _subject.OnMemory(42, "answer");

    [Benchmark(Description = "Memoize [Cached] on SQLite (file database)")]
    public int Sqlite() => _subject.OnSqlite(42, "answer");

    [Benchmark(Description = "Memoize [Cached] on the file store")]
    public int File() => _subject.OnFile(42, "answer");
}
