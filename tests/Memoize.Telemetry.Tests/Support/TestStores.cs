using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize.Telemetry.Tests;

/// <summary>A byte store in a dictionary that can be told to fail, as a server that goes away does.</summary>
public sealed class SwitchableStore : ICacheStore
{
    private readonly ConcurrentDictionary<string, StoredValue> _entries = new(StringComparer.Ordinal);

    public bool Failing { get; set; }

    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return new(_entries.TryGetValue(key, out StoredValue value) ? value : null);
    }

    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        _entries[key] = new StoredValue(value.ToArray(), expiresAt);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return new(_entries.TryRemove(key, out _));
    }

    public ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        _entries.Clear();
        return ValueTask.CompletedTask;
    }

    private void ThrowIfFailing()
    {
        if (Failing)
        {
            throw new TimeoutException("The store did not answer.");
        }
    }
}
