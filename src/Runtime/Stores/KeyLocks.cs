using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// Striped asynchronous locks by key: the fallback that makes add, increment, pull and tag updates atomic among
/// the callers of this process when a store has no atomic operations of its own.
/// </summary>
internal sealed class KeyLocks
{
    private const int StripeCount = 64;

    private readonly SemaphoreSlim[] _stripes = CreateStripes();

    public async ValueTask<Releaser> EnterAsync(string key, CancellationToken cancellationToken)
    {
        SemaphoreSlim stripe = _stripes[(StringComparer.Ordinal.GetHashCode(key) & int.MaxValue) % StripeCount];
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(stripe);
    }

    private static SemaphoreSlim[] CreateStripes()
    {
        var stripes = new SemaphoreSlim[StripeCount];
        for (int i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new SemaphoreSlim(1, 1);
        }

        return stripes;
    }

    public readonly struct Releaser(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
