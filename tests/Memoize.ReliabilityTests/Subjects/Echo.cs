using System.Threading;
using System.Threading.Tasks;

namespace Memoize.ReliabilityTests.Subjects;

/// <summary>
/// A memoized method on the store named <c>target</c> of whatever manager it is given, so one subject runs against
/// memory, SQLite and file stores. The result names its arguments, so a value returned for the wrong key shows.
/// </summary>
public sealed partial class Echo(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;
    private int _calls;

    public const string StoreName = "target";

    public int Calls => Volatile.Read(ref _calls);

    [Cached(Store = StoreName, KeyPrefix = "echo")]
    public partial string Describe(string? text, int number);

    [Cached(Store = StoreName, KeyPrefix = "echo-async")]
    public partial Task<string> DescribeAsync(string? text, int number);

    public static string Expected(string? text, int number) => $"{number}|{(text is null ? "<null>" : "[" + text + "]")}";

    private string DescribeCore(string? text, int number)
    {
        Interlocked.Increment(ref _calls);
        return Expected(text, number);
    }

    private Task<string> DescribeAsyncCore(string? text, int number) => Task.FromResult(DescribeCore(text, number));
}
