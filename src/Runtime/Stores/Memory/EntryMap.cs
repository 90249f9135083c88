using System;
using System.Collections.Generic;
using System.Threading;

namespace Memoize;

/// <summary>
/// The string-keyed table of a memory store: a hash table chained through the entries themselves
/// (<see cref="MemoryEntry.NextInTable"/>), so an entry costs the store one object where
/// <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/> would add a node to each.
/// </summary>
/// <remarks>
/// <para>Writers lock the stripe of the key's hash; readers take no lock. An entry is linked into a chain once and
/// unlinked once (a replaced or removed entry keeps its link, so a reader standing on it walks on), and is never
/// linked again: an entry never returns to the table.</para>
/// <para>Growing the table relinks every entry into the new buckets under all the stripes' locks. A reader walking a
/// chain meanwhile may be led into another chain and miss its key; the table's resize count (odd while relinking,
/// as a sequence lock) tells it so, and it looks again. A found entry is always the key's: keys are compared.</para>
/// </remarks>
internal sealed class MemoryEntryMap
{
    private const int StripeCount = 32;
    private const int InitialBuckets = 64;

    private readonly object[] _locks = CreateLocks();

    // Entries per stripe; a stripe holding more than its share of buckets grows the table.
    private readonly int[] _counts = new int[StripeCount];

    private volatile MemoryEntry?[] _buckets = new MemoryEntry?[InitialBuckets];

    // Odd while a resize relinks the entries; bumped twice per resize.
    private int _resizes;

    /// <summary>The number of entries; exact when no write runs concurrently.</summary>
    public int Count
    {
        get
        {
            int count = 0;
            for (int i = 0; i < StripeCount; i++)
            {
                count += Volatile.Read(ref _counts[i]);
            }

            return count;
        }
    }

    /// <summary>Finds the entry under <paramref name="key"/>.</summary>
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemoryEntry? entry)
    {
        int hash = HashOf(key);
        var spin = default(SpinWait);
        while (true)
        {
            int resizes = Volatile.Read(ref _resizes);
            MemoryEntry?[] buckets = _buckets;
            for (MemoryEntry? current = Volatile.Read(ref buckets[hash & (buckets.Length - 1)]); current is not null; current = Volatile.Read(ref current.NextInTable))
            {
                if (string.Equals(current.Key, key, StringComparison.Ordinal))
                {
                    entry = current;
                    return true;
                }
            }

            // A miss stands only if no resize relinked the chains while it was walked.
            Interlocked.MemoryBarrier();
            if ((resizes & 1) == 0 && Volatile.Read(ref _resizes) == resizes)
            {
                entry = null;
                return false;
            }

            spin.SpinOnce();
        }
    }

    /// <summary>Adds <paramref name="entry"/> under its key unless an entry is there, which is returned in <paramref name="existing"/>.</summary>
    public bool TryAdd(MemoryEntry entry, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out MemoryEntry? existing)
    {
        int hash = HashOf(entry.Key);
        int stripe = hash & (StripeCount - 1);
        bool grow;
        lock (_locks[stripe])
        {
            MemoryEntry?[] buckets = _buckets;
            ref MemoryEntry? head = ref buckets[hash & (buckets.Length - 1)];
            for (MemoryEntry? current = head; current is not null; current = current.NextInTable)
            {
                if (string.Equals(current.Key, entry.Key, StringComparison.Ordinal))
                {
                    existing = current;
                    return false;
                }
            }

            entry.NextInTable = head;
            Volatile.Write(ref head, entry);
            grow = ++_counts[stripe] > buckets.Length / StripeCount;
        }

        if (grow)
        {
            Grow();
        }

        existing = null;
        return true;
    }

    /// <summary>Puts <paramref name="entry"/> under its key; returns the entry it replaced, if any.</summary>
    public MemoryEntry? AddOrReplace(MemoryEntry entry)
    {
        int hash = HashOf(entry.Key);
        int stripe = hash & (StripeCount - 1);
        bool grow;
        lock (_locks[stripe])
        {
            MemoryEntry?[] buckets = _buckets;
            ref MemoryEntry? link = ref buckets[hash & (buckets.Length - 1)];
            MemoryEntry? head = link;
            for (MemoryEntry? current = link; current is not null; current = current.NextInTable)
            {
                if (string.Equals(current.Key, entry.Key, StringComparison.Ordinal))
                {
                    entry.NextInTable = current.NextInTable;
                    Volatile.Write(ref link, entry);
                    return current;
                }

                link = ref current.NextInTable;
            }

            entry.NextInTable = head;
            Volatile.Write(ref buckets[hash & (buckets.Length - 1)], entry);
            grow = ++_counts[stripe] > buckets.Length / StripeCount;
        }

        if (grow)
        {
            Grow();
        }

        return null;
    }

    /// <summary>Removes the entry under <paramref name="key"/>.</summary>
    public bool TryRemove(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemoryEntry? removed)
    {
        removed = Unlink(key, only: null);
        return removed is not null;
    }

    /// <summary>Removes <paramref name="entry"/> if it is still the one under its key.</summary>
    public bool TryRemove(MemoryEntry entry) => Unlink(entry.Key, entry) is not null;

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        LockAll();
        try
        {
            _buckets = new MemoryEntry?[InitialBuckets];
            Array.Clear(_counts);
        }
        finally
        {
            UnlockAll();
        }
    }

    /// <summary>The entries held at this moment (entries added or removed meanwhile may or may not be in it).</summary>
    public List<MemoryEntry> Snapshot()
    {
        var entries = new List<MemoryEntry>();
        var spin = default(SpinWait);
        while (true)
        {
            int resizes = Volatile.Read(ref _resizes);
            MemoryEntry?[] buckets = _buckets;
            for (int i = 0; i < buckets.Length; i++)
            {
                for (MemoryEntry? current = Volatile.Read(ref buckets[i]); current is not null; current = Volatile.Read(ref current.NextInTable))
                {
                    entries.Add(current);
                }
            }

            Interlocked.MemoryBarrier();
            if ((resizes & 1) == 0 && Volatile.Read(ref _resizes) == resizes)
            {
                return entries;
            }

            entries.Clear();
            spin.SpinOnce();
        }
    }

    private MemoryEntry? Unlink(string key, MemoryEntry? only)
    {
        int hash = HashOf(key);
        int stripe = hash & (StripeCount - 1);
        lock (_locks[stripe])
        {
            MemoryEntry?[] buckets = _buckets;
            ref MemoryEntry? link = ref buckets[hash & (buckets.Length - 1)];
            for (MemoryEntry? current = link; current is not null; current = current.NextInTable)
            {
                if (string.Equals(current.Key, key, StringComparison.Ordinal))
                {
                    if (only is not null && !ReferenceEquals(current, only))
                    {
                        return null;
                    }

                    // The removed entry keeps its link: a reader standing on it walks on to the rest of the chain.
                    Volatile.Write(ref link, current.NextInTable);
                    _counts[stripe]--;
                    return current;
                }

                link = ref current.NextInTable;
            }
        }

        return null;
    }

    /// <summary>Doubles the buckets, relinking every entry, unless another writer just did.</summary>
    private void Grow()
    {
        MemoryEntry?[] before = _buckets;
        LockAll();
        try
        {
            MemoryEntry?[] buckets = _buckets;
            if (!ReferenceEquals(before, buckets) || buckets.Length >= 1 << 30)
            {
                return;
            }

            var grown = new MemoryEntry?[buckets.Length * 2];
            Interlocked.Increment(ref _resizes);
            for (int i = 0; i < buckets.Length; i++)
            {
                MemoryEntry? current = buckets[i];
                while (current is not null)
                {
                    MemoryEntry? next = current.NextInTable;
                    ref MemoryEntry? head = ref grown[HashOf(current.Key) & (grown.Length - 1)];
                    Volatile.Write(ref current.NextInTable, head);
                    head = current;
                    current = next;
                }
            }

            _buckets = grown;
            Interlocked.Increment(ref _resizes);
        }
        finally
        {
            UnlockAll();
        }
    }

    private void LockAll()
    {
        for (int i = 0; i < StripeCount; i++)
        {
            Monitor.Enter(_locks[i]);
        }
    }

    private void UnlockAll()
    {
        for (int i = StripeCount - 1; i >= 0; i--)
        {
            Monitor.Exit(_locks[i]);
        }
    }

    private static int HashOf(string key) => key.GetHashCode();

    private static object[] CreateLocks()
    {
        var locks = new object[StripeCount];
        for (int i = 0; i < locks.Length; i++)
        {
            locks[i] = new object();
        }

        return locks;
    }
}
