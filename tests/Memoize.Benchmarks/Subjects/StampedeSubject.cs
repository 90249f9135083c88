using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Benchmarks.Subjects;

/// <summary>A memoized load whose computation waits for a gate, so a test can pile callers onto a cold key.</summary>
public partial class StampedeSubject(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _computations;
    private long _finishedAt;

    /// <summary>How many times the computation ran.</summary>
    public int Computations => Volatile.Read(ref _computations);

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the last computation returned its value.</summary>
    public long FinishedAt => Volatile.Read(ref _finishedAt);

    /// <summary>A Task-returning load.</summary>
    [Cached(Minutes = 30)]
    public partial Task<int> LoadAsync(int id);

    /// <summary>A ValueTask-returning load.</summary>
    [Cached(Minutes = 30)]
    public partial ValueTask<int> LoadValueTaskAsync(int id);

    /// <summary>Closes the gate for the next round.</summary>
    public void Reset()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _computations, 0);
    }

    /// <summary>Lets the waiting computation finish.</summary>
    public void Open() => _gate.SetResult();

    private async Task<int> LoadAsyncCore(int id)
    {
        Interlocked.Increment(ref _computations);
        await _gate.Task.ConfigureAwait(false);
        Volatile.Write(ref _finishedAt, Stopwatch.GetTimestamp());
        return id;
    }

    private async ValueTask<int> LoadValueTaskAsyncCore(int id) => await LoadAsyncCore(id).ConfigureAwait(false);
}
