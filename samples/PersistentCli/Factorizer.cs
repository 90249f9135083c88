using Memoize;

namespace PersistentCli;

/// <summary>Prime factors by trial division: slow enough to be worth keeping between runs.</summary>
public sealed partial class Factorizer(ICacheManager cache)
{
    private readonly ICacheManager _cache = cache;

    /// <summary>Whether the last call computed its answer rather than reading it from the store.</summary>
    public bool Computed { get; private set; }

    [Cached(KeyPrefix = "factors")]
    public partial long[] Factorize(long number);

    private long[] FactorizeCore(long number)
    {
        Computed = true;
        var factors = new System.Collections.Generic.List<long>();
        for (long divisor = 2; divisor * divisor <= number; divisor++)
        {
            while (number % divisor == 0)
            {
                factors.Add(divisor);
                number /= divisor;
            }
        }

        if (number > 1)
        {
            factors.Add(number);
        }

        return factors.ToArray();
    }
}
