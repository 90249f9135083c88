using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;

namespace Memoize;

/// <summary>
/// How an <see cref="EntryMap{TKey, TEntry, TChain}"/> finds its way among its entries: the key of an entry, the hash
/// and equality of keys, and the link field of the entry that chains it to the next one in its bucket.
/// </summary>
internal interface IEntryChain<TKey, TEntry>
    where TEntry : class
{
    /// <summary>The key an entry is stored under.</summary>
    static abstract TKey KeyOf(TEntry entry);

    /// <summary>The hash of a key.</summary>
    static abstract int HashOf(TKey key);

    /// <summary>The hash of an entry's key, which the entry keeps from its construction (writes and resizes need it).</summary>
    static abstract int HashOf(TEntry entry);

    /// <summary>Whether an entry is stored under <paramref name="key"/>.</summary>
    static abstract bool HasKey(TEntry entry, TKey key);

    /// <summary>The entry's link to the next entry of its bucket.</summary>
    static abstract ref TEntry? NextOf(TEntry entry);
}

/// <summary>
/// A concurrent hash map chained through its entries themselves (each entry holds the link to the next of its
/// bucket), so an entry costs the map no node of its own, where
/// <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/> would add one to each. The memory
/// store's table (by string key) and each memoized method's index (by argument tuple) are one of these.
/// </summary>
/// <remarks>
/// <para>Writers lock the stripe of the key's hash; readers take no lock. An entry is linked into a chain once and
/// unlinked once (a replaced or removed entry keeps its link, so a reader standing on it walks on), and is never
/// linked again: an entry never returns to the table.</para>
/// <para>Growing the table relinks every entry into the new buckets under all the stripes' locks. A reader walking a
/// chain meanwhile may be led into another chain and miss its key; the table's resize count (odd while relinking,
/// as a sequence lock) tells it so, and it looks again. A found entry is always the key's: keys are compared.</para>
/// </remarks>
internal sealed class EntryMap<TKey, TEntry, TChain> : IEnumerable<TEntry>
    where TEntry : class
    where TChain : IEntryChain<TKey, TEntry>
{
    private const int StripeCount = 32;
    private const int InitialBuckets = 64;

    private readonly StripeGate[] _gates = new StripeGate[StripeCount];

    // Entries per stripe; a stripe holding more than its share of buckets grows the table.
    private readonly int[] _counts = new int[StripeCount];

    private volatile TEntry?[] _buckets = new TEntry?[InitialBuckets];

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
    public bool TryGetValue(TKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TEntry? entry)
        => TryGetValue(key, TChain.HashOf(key), out entry);

    /// <summary>Finds the entry under <paramref name="key"/>, whose hash the caller computed.</summary>
    public bool TryGetValue(TKey key, int hash, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TEntry? entry)
    {
        var spin = default(SpinWait);
        while (true)
        {
            int resizes = Volatile.Read(ref _resizes);
            TEntry?[] buckets = _buckets;
            for (TEntry? current = Volatile.Read(ref buckets[hash & (buckets.Length - 1)]); current is not null; current = Volatile.Read(ref TChain.NextOf(current)))
            {
                if (TChain.HasKey(current, key))
                {
                    entry = current;
                    return true;
                }
            }

            // A miss stands only if no resize relinked the chains while it was walked.
            if (NoResizeSince(resizes))
            {
                entry = null;
                return false;
            }

            spin.SpinOnce();
        }
    }

    /// <summary>Adds <paramref name="entry"/> under its key unless an entry is there, which is returned in <paramref name="existing"/>.</summary>
    public bool TryAdd(TEntry entry, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out TEntry? existing)
    {
        existing = Link(entry, replace: false);
        return existing is null;
    }

    /// <summary>Puts <paramref name="entry"/> under its key; returns the entry it replaced, if any.</summary>
    public TEntry? AddOrReplace(TEntry entry) => Link(entry, replace: true);

    /// <summary>
    /// Links <paramref name="entry"/> under its key and returns <see langword="null"/>; when an entry is already there it
    /// is returned, and replaced by <paramref name="entry"/> in its place in the chain if <paramref name="replace"/>.
    /// </summary>
    private TEntry? Link(TEntry entry, bool replace)
    {
        TKey key = TChain.KeyOf(entry);
        int hash = TChain.HashOf(entry);
        int stripe = hash & (StripeCount - 1);
        bool grow;
        ref StripeGate gate = ref _gates[stripe];
        gate.Enter();
        try
        {
            TEntry?[] buckets = _buckets;
            ref TEntry? link = ref buckets[hash & (buckets.Length - 1)];
            TEntry? head = link;
            for (TEntry? current = link; current is not null; current = TChain.NextOf(current))
            {
                if (TChain.HasKey(current, key))
                {
                    if (replace)
                    {
                        TChain.NextOf(entry) = TChain.NextOf(current);
                        Volatile.Write(ref link, entry);
                    }

                    return current;
                }

                link = ref TChain.NextOf(current);
            }

            TChain.NextOf(entry) = head;
            Volatile.Write(ref buckets[hash & (buckets.Length - 1)], entry);
            grow = ++_counts[stripe] > buckets.Length / StripeCount;
        }
        finally
        {
            gate.Exit();
        }

        if (grow)
        {
            Grow();
        }

        return null;
    }

    /// <summary>Removes the entry under <paramref name="key"/>.</summary>
    public bool TryRemove(TKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TEntry? removed)
    {
        removed = Unlink(key, TChain.HashOf(key), only: null);
        return removed is not null;
    }

    /// <summary>Removes <paramref name="entry"/> if it is still the one under its key.</summary>
    public bool TryRemove(TEntry entry) => Unlink(TChain.KeyOf(entry), TChain.HashOf(entry), entry) is not null;

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        LockAll();
        try
        {
            _buckets = new TEntry?[InitialBuckets];
            Array.Clear(_counts);
        }
        finally
        {
            UnlockAll();
        }
    }

    /// <summary>The entries held at this moment (entries added or removed meanwhile may or may not be in it).</summary>
    public List<TEntry> Snapshot()
    {
        var entries = new List<TEntry>();
        var spin = default(SpinWait);
        while (true)
        {
            int resizes = Volatile.Read(ref _resizes);
            TEntry?[] buckets = _buckets;
            for (int i = 0; i < buckets.Length; i++)
            {
                for (TEntry? current = Volatile.Read(ref buckets[i]); current is not null; current = Volatile.Read(ref TChain.NextOf(current)))
                {
                    entries.Add(current);
                }
            }

            if (NoResizeSince(resizes))
            {
                return entries;
            }

            entries.Clear();
            spin.SpinOnce();
        }
    }

    /// <summary>
    /// Whether the chains a reader walked since it read <paramref name="resizes"/> were not relinked meanwhile. Every
    /// read of the walk is a volatile (acquire) read, so this read of the count cannot move before them; and a relinked
    /// link the walk saw was written (released) after the count turned odd, so the count read here has moved. No fence
    /// is needed.
    /// </summary>
    private bool NoResizeSince(int resizes) => (resizes & 1) == 0 && Volatile.Read(ref _resizes) == resizes;

    private TEntry? Unlink(TKey key, int hash, TEntry? only)
    {
        int stripe = hash & (StripeCount - 1);
        ref StripeGate gate = ref _gates[stripe];
        gate.Enter();
        try
        {
            TEntry?[] buckets = _buckets;
            ref TEntry? link = ref buckets[hash & (buckets.Length - 1)];
            for (TEntry? current = link; current is not null; current = TChain.NextOf(current))
            {
                if (TChain.HasKey(current, key))
                {
                    if (only is not null && !ReferenceEquals(current, only))
                    {
                        return null;
                    }

                    // The removed entry keeps its link: a reader standing on it walks on to the rest of the chain.
                    Volatile.Write(ref link, TChain.NextOf(current));
                    _counts[stripe]--;
                    return current;
                }

                link = ref TChain.NextOf(current);
            }
        }
        finally
        {
            gate.Exit();
        }

        return null;
    }

    /// <summary>Doubles the buckets, relinking every entry, unless another writer just did.</summary>
    private void Grow()
    {
        TEntry?[] before = _buckets;
        LockAll();
        try
        {
            TEntry?[] buckets = _buckets;
            if (!ReferenceEquals(before, buckets) || buckets.Length >= 1 << 30)
            {
                return;
            }

            var grown = new TEntry?[buckets.Length * 2];
            Interlocked.Increment(ref _resizes);
            for (int i = 0; i < buckets.Length; i++)
            {
                TEntry? current = buckets[i];
                while (current is not null)
                {
                    TEntry? next = TChain.NextOf(current);
                    ref TEntry? head = ref grown[TChain.HashOf(current) & (grown.Length - 1)];
                    Volatile.Write(ref TChain.NextOf(current), head);
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
            _gates[i].Enter();
        }
    }

    private void UnlockAll()
    {
        for (int i = StripeCount - 1; i >= 0; i--)
        {
            _gates[i].Exit();
        }
    }

    /// <summary>The entries held at this moment, as <see cref="Snapshot"/>.</summary>
    public IEnumerator<TEntry> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
