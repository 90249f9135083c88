using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Memoize.Testing;

namespace Memoize.Methods.Tests.Support;

/// <summary>A raw store whose operations complete asynchronously, like a store that does real I/O.</summary>
public sealed class SlowStore : ICacheStore
{
    private readonly RawOnlyStore _inner = new();

    public async ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        return await _inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        await _inner.SetAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        return await _inner.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        await Task.Delay(2, cancellationToken).ConfigureAwait(false);
        await _inner.ClearAsync(cancellationToken).ConfigureAwait(false);
    }
}
