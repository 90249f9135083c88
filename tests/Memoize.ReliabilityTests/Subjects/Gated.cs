using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.ReliabilityTests.Subjects;

/// <summary>Core methods that wait until the test says how they end: a value, an exception, a cancellation or a timeout.</summary>
public sealed partial class Gated(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Completes the Core method that is running (or the next one): with a value, or faulted.</summary>
    public TaskCompletionSource<int> Outcome { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long Core waits before giving up with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan CoreTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public void Rearm() => Outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Cached(Store = Echo.StoreName, KeyPrefix = "gated-sync")]
    public partial int Load(int id);

    [Cached(Store = Echo.StoreName, KeyPrefix = "gated-async")]
    public partial Task<int> LoadAsync(int id, CancellationToken cancellationToken);

    private int LoadCore(int id)
    {
        Interlocked.Increment(ref _calls);
        return Outcome.Task.WaitAsync(CoreTimeout).GetAwaiter().GetResult() + id;
    }

    private async Task<int> LoadAsyncCore(int id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return await Outcome.Task.WaitAsync(CoreTimeout, cancellationToken) + id;
    }
}
