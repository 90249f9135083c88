using System.Globalization;
using Microsoft.Extensions.Caching.Memory;

namespace Memoize.Benchmarks.Subjects;

/// <summary>
/// How a careful developer caches by hand with <see cref="IMemoryCache"/>: a hit is a TryGetValue, and the
/// GetOrCreate closure is only allocated on a miss.
/// </summary>
public sealed class HandWrittenMemoryCache(IMemoryCache cache)
{
    /// <summary>Keyed by an interpolated string, the usual way.</summary>
    public int ComputeStringKey(int id, string name)
    {
        string key = StringKey(id, name);
        return cache.TryGetValue(key, out int value) ? value : CreateStringKey(key, id, name);
    }

    /// <summary>Keyed by the argument tuple (boxed by the object-keyed cache).</summary>
    public int ComputeTupleKey(int id, string name)
        => cache.TryGetValue((id, name), out int value) ? value : CreateTupleKey(id, name);

    /// <summary>The string key of a call.</summary>
    public static string StringKey(int id, string name) => string.Create(CultureInfo.InvariantCulture, $"Compute:{id}:{name}");

    /// <summary>A single <c>GetOrCreate</c>, without the lookup before it: its closure is allocated on every call.</summary>
    public int GetOrCreateStringKey(string key, int id, string name) => CreateStringKey(key, id, name);

    private int CreateStringKey(string key, int id, string name)
        => cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Workload.Ttl;
            return Workload.Compute(id, name);
        });

    private int CreateTupleKey(int id, string name)
        => cache.GetOrCreate((id, name), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Workload.Ttl;
            return Workload.Compute(id, name);
        });
}
