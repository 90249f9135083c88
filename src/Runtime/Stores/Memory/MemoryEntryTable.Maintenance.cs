using System;
using System.Collections.Generic;

namespace Memoize;

// Whole-store operations of the memory store, used by the cache for flush by prefix, copy and purge.
internal sealed partial class MemoryEntryTable
{
    /// <summary>Reads an object with its expiry, so read-modify-write operations can keep the remaining lifetime.</summary>
    public bool TryGetObject(string key, out object? value, out DateTimeOffset? expiresAt)
    {
        if (TryGetEntry(key, out MemoryEntry? entry))
        {
            value = entry.Value;
            // The fresh end: a copy or an update does not carry the fail-safe margin as time to live.
            expiresAt = entry.FreshUntilTicks == long.MaxValue ? null : new DateTimeOffset(entry.FreshUntilTicks, TimeSpan.Zero);
            return true;
        }

        value = null;
        expiresAt = null;
        return false;
    }

    /// <summary>The live entries whose keys start with <paramref name="prefix"/>, as they are at this moment.</summary>
    public List<(string Key, object? Value, DateTimeOffset? ExpiresAt)> SnapshotLive(string prefix)
    {
        var live = new List<(string, object?, DateTimeOffset?)>();
        foreach (object key in _cache.Keys)
        {
            if (key is string text && text.StartsWith(prefix, StringComparison.Ordinal) && TryGetObject(text, out object? value, out DateTimeOffset? expiresAt))
            {
                live.Add((text, value, expiresAt));
            }
        }

        return live;
    }

    /// <summary>Removes the entries whose time has passed; returns how many there were.</summary>
    public long PurgeExpired()
    {
        long removed = 0;
        long now = NowTicks;
        foreach (object key in _cache.Keys)
        {
            if (_cache.TryGetValue(key, out object? stored) && stored is MemoryEntry entry && (entry.ExpiresAtTicks > now || entry.IsRemoved))
            {
                continue;
            }

            // Either the cache dropped it on this very lookup, or it is an entry of ours that has expired.
            _cache.Remove(key);
            removed++;
        }

        return removed;
    }
}
