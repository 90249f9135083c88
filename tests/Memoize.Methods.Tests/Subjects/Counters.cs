using System.Threading;

namespace Memoize.Methods.Tests.Subjects;

/// <summary>Counts how many times a Core method really ran.</summary>
public sealed class CallCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Hit() => Interlocked.Increment(ref _count);
}
