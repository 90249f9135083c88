using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Methods.Tests.Performance;

public partial class StampedeTests
{
    private readonly ICacheManager _cache = new CacheManager();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _computations;

    [Cached(Minutes = 5)]
    public partial Task<int> LoadAsync(int id);

    [Cached(Minutes = 5)]
    public partial ValueTask<string> LoadNameAsync(int id);

    [Fact]
    public async Task A_thousand_concurrent_callers_of_a_cold_key_share_one_computation()
    {
        Task<int>[] callers = Enumerable.Range(0, 1000).Select(_ => LoadAsync(7)).ToArray();
        Assert.Equal(1, Volatile.Read(ref _computations));
        Assert.DoesNotContain(callers, static c => c.IsCompleted);

        _gate.SetResult();
        int[] results = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, static r => Assert.Equal(70, r));
        Assert.Equal(1, Volatile.Read(ref _computations));
        Assert.Equal(70, await LoadAsync(7));
        Assert.Equal(1, Volatile.Read(ref _computations));
    }

    [Fact]
    public async Task Concurrent_value_task_callers_share_one_computation()
    {
        Task<string>[] callers = Enumerable.Range(0, 1000).Select(_ => LoadNameAsync(3).AsTask()).ToArray();
        _gate.SetResult();
        string[] results = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, static r => Assert.Equal("item-3", r));
        Assert.Equal(1, Volatile.Read(ref _computations));
    }

    private async Task<int> LoadAsyncCore(int id)
    {
        Interlocked.Increment(ref _computations);
        await _gate.Task;
        return id * 10;
    }

    private async ValueTask<string> LoadNameAsyncCore(int id)
    {
        Interlocked.Increment(ref _computations);
        await _gate.Task;
        return "item-" + id;
    }
}
