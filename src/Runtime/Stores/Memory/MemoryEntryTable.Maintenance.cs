using System;
using System.Collections.Generic;
using System.Threading;

namespace Memoize;

// Whole-store operations of the memory store: flush by prefix, copy, purge, and the background sweep of expired entries.
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
        foreach (MemoryEntry entry in _entries.Snapshot())
        {
            if (entry.Key.StartsWith(prefix, StringComparison.Ordinal) && TryGetObject(entry.Key, out object? value, out DateTimeOffset? expiresAt))
            {
                live.Add((entry.Key, value, expiresAt));
            }
        }

        return live;
    }

    /// <summary>Removes the entries whose time has passed, fail-safe margin included (and any left behind by a flush); returns how many there were.</summary>
    public long PurgeExpired()
    {
        long removed = 0;
        foreach (MemoryEntry entry in _entries.Snapshot())
        {
            // A fail-safe fallback past its fresh end is kept until its physical end.
            if (!(IsKept(entry) && (entry.Sliding is not { } sliding || _clock.Now < Volatile.Read(ref sliding.IdleDeadline))) && _entries.TryRemove(entry))
            {
                bool expired = !entry.IsRemoved;
                Retire(entry);
                if (expired)
                {
                    ReportEviction(ExpiredReason);
                }

                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// Starts a background sweep of expired entries when <see cref="SweepInterval"/> has passed on the store's clock
    /// since the last one. Called by reads and writes of the string API and by inserts: a reading of the clock and a
    /// comparison when no sweep is due.
    /// </summary>
    private void SweepIfDue()
    {
        long now = _clock.Now;
        if (now < Volatile.Read(ref _nextSweep) || Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return;
        }

        Volatile.Write(ref _nextSweep, _clock.After(now, SweepInterval));
        ThreadPool.UnsafeQueueUserWorkItem(static table => table.SweepInBackground(), this, preferLocal: false);
    }

    private void SweepInBackground()
    {
        try
        {
            PurgeExpired();
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
