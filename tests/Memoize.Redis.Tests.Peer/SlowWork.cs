using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Redis.Tests.Peer;

/// <summary>A memoized method whose Core is slow enough that every process asks for the cold key at once.</summary>
public sealed partial class SlowWork(CacheManager cache)
{
    private readonly CacheManager _cache = cache;
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    [Cached(Store = "layered", Minutes = 5)]
    public partial Task<string> ComputeAsync(string key);

    private async Task<string> ComputeAsyncCore(string key)
    {
        Interlocked.Increment(ref _runs);
        await Task.Delay(300);
        return "computed-" + key + "-by-" + System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
