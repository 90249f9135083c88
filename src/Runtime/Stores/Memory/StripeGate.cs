using System.Runtime.CompilerServices;
using System.Threading;

namespace Memoize;

/// <summary>
/// The lock of one stripe of a concurrent table: held for a few instructions (walk a short chain, link or unlink one
/// entry), so it is one compare-and-swap to enter and one store to leave, about half of what a monitor or
/// <c>System.Threading.Lock</c> costs uncontended (every memory miss takes several). A thread that finds it held
/// spins, yielding and then sleeping the longer it waits, so a holder that lost its core gets it back.
/// </summary>
/// <remarks>Not reentrant. Kept in arrays and used through a reference: a copy would be a different lock.</remarks>
internal struct StripeGate
{
    private int _held;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter()
    {
        if (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
        {
            EnterContended();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Exit() => Volatile.Write(ref _held, 0);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterContended()
    {
        var spin = default(SpinWait);
        do
        {
            spin.SpinOnce();
        }
        while (Volatile.Read(ref _held) != 0 || Interlocked.CompareExchange(ref _held, 1, 0) != 0);
    }
}
