using System;

namespace Memoize.Benchmarks.Subjects;

/// <summary>The computation every contender caches: cheap, so the benchmarks measure the caching around it.</summary>
public static class Workload
{
    /// <summary>How long every contender keeps a value.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(30);

    /// <summary>The work behind <c>int Compute(int id, string name)</c>.</summary>
    public static int Compute(int id, string name) => (id * 31) + name.Length;
}
