using System.Threading;

namespace Memoize.ReliabilityTests.Subjects;

/// <summary>Memoized methods taking personal data whose results do not contain it, so any copy of it in a store came from a key.</summary>
public sealed partial class Accounts(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    [Cached(Store = Echo.StoreName, KeyPrefix = "accounts")]
    public partial int FindId(string email, int tenant);

    [Cached(Store = Echo.StoreName, KeyPrefix = "accounts-sensitive")]
    public partial int FindIdMarked([Sensitive] string email, int tenant);

    private int FindIdCore(string email, int tenant)
    {
        Interlocked.Increment(ref _calls);
        return (email.Length * 1000) + tenant;
    }

    private int FindIdMarkedCore(string email, int tenant) => FindIdCore(email, tenant);
}
