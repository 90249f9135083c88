using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Methods.Tests.Subjects;

/// <summary>Core methods that block until a test releases them, so concurrent callers really overlap.</summary>
public partial class SlowService
{
    private readonly ICacheManager _cache = new CacheManager();

    public CallCounter Calls { get; } = new();

    public ManualResetEventSlim Gate { get; } = new(false);

    public TaskCompletionSource AsyncGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Cached]
    public partial int Compute(int id);

    [Cached]
    public partial Task<int> ComputeAsync(int id, CancellationToken cancellationToken = default);

    private int ComputeCore(int id)
    {
        Calls.Hit();
        Gate.Wait(System.TimeSpan.FromSeconds(30));
        return id * 2;
    }

    private async Task<int> ComputeAsyncCore(int id, CancellationToken cancellationToken)
    {
        Calls.Hit();
        await AsyncGate.Task.WaitAsync(cancellationToken);
        return id * 3;
    }
}
