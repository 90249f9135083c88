using System.Threading;
using System.Threading.Tasks;
using Memoize.Benchmarks.Subjects;

namespace Memoize.Benchmarks.Peers;

/// <summary>
/// <c>int Compute(int id, string name)</c> memoized by Memoize for the peer comparison, with the invalidating
/// methods an application writes to forget a call.
/// </summary>
public partial class PeerCompute(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;
    private int _computations;

    /// <summary>How many times a computation ran.</summary>
    public int Computations => Volatile.Read(ref _computations);

    /// <summary>Synchronous.</summary>
    [Cached(Minutes = 30)]
    public partial int Compute(int id, string name);

    /// <summary>Returns a <see cref="ValueTask{TResult}"/>.</summary>
    [Cached(Minutes = 30)]
    public partial ValueTask<int> ComputeValueTaskAsync(int id, string name);

    /// <summary>Forgets <see cref="Compute"/>'s entry for these arguments.</summary>
    [InvalidatesCache(nameof(Compute))]
    public partial void ForgetCompute(int id, string name);

    /// <summary>Forgets <see cref="ComputeValueTaskAsync"/>'s entry for these arguments.</summary>
    [InvalidatesCache(nameof(ComputeValueTaskAsync))]
    public partial void ForgetComputeValueTask(int id, string name);

    private int ComputeCore(int id, string name)
    {
        Interlocked.Increment(ref _computations);
        return Workload.Compute(id, name);
    }

    private ValueTask<int> ComputeValueTaskAsyncCore(int id, string name) => new(ComputeCore(id, name));
}
