using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

// Whole-store operations: flush, copy into another store, purge expired entries.
internal sealed partial class NamedCache
{
    /// <inheritdoc/>
    public void Flush() => Wait(FlushAsync());

    /// <inheritdoc/>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!Manager.IsEnabled)
        {
            return;
        }

        if (KeyPrefix.Length == 0)
        {
            if (Objects is { } objects)
            {
                objects.Clear();
            }
            else
            {
                await Store.ClearAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        // With a prefix the store may hold other registrations' entries: remove only ours when we can list them.
        if (Memory is { } memory)
        {
            foreach ((string fullKey, object? _, DateTimeOffset? _) in memory.SnapshotLive(KeyPrefix))
            {
                memory.Remove(fullKey);
            }

            return;
        }

        if (Store is IEnumerableCacheStore enumerable)
        {
            var keys = new List<string>();
            await foreach (KeyValuePair<string, StoredValue> entry in enumerable.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (entry.Key.StartsWith(KeyPrefix, StringComparison.Ordinal))
                {
                    keys.Add(entry.Key);
                }
            }

            foreach (string key in keys)
            {
                await Store.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await Store.ClearAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<long> CopyToAsync(ICache destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        NamedCache target = destination as NamedCache
            ?? (destination as CacheManager)?.GetCache()
            ?? throw new ArgumentException($"The destination must be a cache of a CacheManager (CacheManager.Cache(name)), not a {destination.GetType().Name}.", nameof(destination));
        if (ReferenceEquals(target, this))
        {
            throw new ArgumentException($"The cache store '{Name}' cannot be copied into itself.", nameof(destination));
        }

        if (!Manager.IsEnabled || !target.Manager.IsEnabled)
        {
            return 0;
        }

        DateTimeOffset now = Now;
        long copied = 0;
        if (Memory is { } memory)
        {
            foreach ((string fullKey, object? value, DateTimeOffset? expiresAt) in memory.SnapshotLive(KeyPrefix))
            {
                await target.WriteCopiedAsync(fullKey[KeyPrefix.Length..], value, null, expiresAt, cancellationToken).ConfigureAwait(false);
                copied++;
            }

            return copied;
        }

        if (Store is not IEnumerableCacheStore enumerable)
        {
            throw new NotSupportedException($"The cache store '{Name}' ({Store.GetType().Name}) cannot list its entries, so it cannot be copied. Implement {nameof(IEnumerableCacheStore)} to support copying.");
        }

        await foreach (KeyValuePair<string, StoredValue> entry in enumerable.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!entry.Key.StartsWith(KeyPrefix, StringComparison.Ordinal) || entry.Value.ExpiresAt is { } at && at <= now || IsStale(entry.Value.Value.Span))
            {
                continue;
            }

            // A payload that carries its fresh end keeps its fail-safe margin in a byte store; an object store holds it while fresh.
            DateTimeOffset? expiresAt = target.Objects is not null && CachePayloadFormat.TryReadTiming(entry.Value.Value.Span, out long freshUntil, out _)
                ? new DateTimeOffset(freshUntil, TimeSpan.Zero)
                : entry.Value.ExpiresAt;
            await target.WriteCopiedAsync(entry.Key[KeyPrefix.Length..], null, entry.Value.Value, expiresAt, cancellationToken).ConfigureAwait(false);
            copied++;
        }

        return copied;
    }

    /// <inheritdoc/>
    public ValueTask<long> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        if (!Manager.IsEnabled)
        {
            return new(0L);
        }

        if (Store is IPurgeableCacheStore purgeable)
        {
            return purgeable.PurgeExpiredAsync(Now, cancellationToken);
        }

        return new(0L);
    }

    /// <summary>Writes one copied entry: an object from a memory store, or payload bytes from a byte store.</summary>
    private ValueTask WriteCopiedAsync(string key, object? value, ReadOnlyMemory<byte>? bytes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        string fullKey = FullKey(key);
        if (!Manager.IsEnabled)
        {
            return ValueTask.CompletedTask;
        }

        if (Objects is { } objects)
        {
            // Bytes stay bytes: the first read as a concrete type decodes them.
            object? stored = bytes is { } raw ? (IsTagKey(key) ? DecodeTagListOrEmpty(raw.Span) : raw.ToArray()) : value;
            objects.SetObject(fullKey, stored, expiresAt);
            return ValueTask.CompletedTask;
        }

        ReadOnlyMemory<byte> payload = bytes
            ?? (value is string[] members && IsTagKey(key) ? EncodeTagList(members) : Payload.Encode(value));
        return Store.SetAsync(fullKey, payload, expiresAt, cancellationToken);
    }
}
