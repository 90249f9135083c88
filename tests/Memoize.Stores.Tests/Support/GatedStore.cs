using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Memoize.Testing;

namespace Memoize.Stores.Tests.Support;

/// <summary>A raw store whose writes wait until the test opens its gate, counting them, and failing those past a number when told to.</summary>
public sealed class GatedStore : ICacheStore
{
    private readonly RawOnlyStore _inner = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Writes after this many fail with <see cref="System.IO.IOException"/>.</summary>
    public int FailWritesAfter { get; init; } = int.MaxValue;

    public void Open() => _gate.TrySetResult();

    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        int write = Interlocked.Increment(ref _writes);
        await _gate.Task.ConfigureAwait(false);
        if (write > FailWritesAfter)
        {
            throw new System.IO.IOException("The disk is full.");
        }

        await _inner.SetAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => _inner.RemoveAsync(key, cancellationToken);

    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => _inner.ClearAsync(cancellationToken);
}
