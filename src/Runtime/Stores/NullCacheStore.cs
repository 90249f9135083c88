using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// A store that keeps nothing: every read misses and every write is dropped. Registered as <c>"null"</c> in every
/// manager; point a method or a test at it to switch caching off for that store alone.
/// </summary>
public sealed class NullCacheStore : ICacheStore
{
    /// <summary>The shared instance (the store has no state).</summary>
    public static NullCacheStore Instance { get; } = new();

    /// <inheritdoc/>
    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default) => new((StoredValue?)null);

    /// <inheritdoc/>
    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => new(false);

    /// <inheritdoc/>
    public ValueTask ClearAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
