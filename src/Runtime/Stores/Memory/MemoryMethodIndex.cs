using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>What a memory store does to all its method indexes at once.</summary>
internal interface IMemoryMethodIndex
{
    /// <summary>Drops every entry (the store was flushed).</summary>
    void Clear();
}

/// <summary>The typed index of one generated method's entries in a memory store: a hit is one lookup of the argument tuple.</summary>
/// <remarks>
/// Expired entries are dropped when their key is computed again, and by a sweep that runs once the index has
/// taken as many new entries as it held after the previous sweep (at least <see cref="MinimumSweepInterval"/>),
/// so the cost is constant per insert and expired entries never outnumber live ones by more than that interval.
/// </remarks>
internal sealed class MemoryMethodIndex<TArgs, TResult>(MemoryEntryTable store) : IMemoryMethodIndex
    where TArgs : notnull
{
    public const int MinimumSweepInterval = 1024;

    public readonly EntryMap<TArgs, IndexedMemoryEntry<TArgs, TResult>, ArgsChain<TArgs, TResult>> Entries = new();

    private int _insertsUntilSweep = MinimumSweepInterval;

    /// <summary>Indexes an entry just put in the store.</summary>
    public void Add(IndexedMemoryEntry<TArgs, TResult> entry)
    {
        Entries.AddOrReplace(entry);
        // Counted without an atomic step: a count lost to a race only moves the sweep a little.
        if (--_insertsUntilSweep <= 0)
        {
            Sweep();
        }
    }

    public void Clear() => Entries.Clear();

    private void Sweep()
    {
        foreach (IndexedMemoryEntry<TArgs, TResult> entry in Entries)
        {
            // Kept stale entries stay: they are the fail-safe fallback of their call.
            if (!store.IsKept(entry))
            {
                Entries.TryRemove(entry);
            }
        }

        _insertsUntilSweep = Math.Max(MinimumSweepInterval, Entries.Count);
    }
}

/// <summary>
/// A memory entry written by a generated method. It keeps the result typed, so a hit neither unboxes nor casts,
/// keeps the completed task of Task-returning methods, and removes itself from the method's index.
/// </summary>
internal sealed class IndexedMemoryEntry<TArgs, TResult> : MemoryEntry
    where TArgs : notnull
{
    public readonly TResult Result;

    /// <summary>The arguments of the call that computed the entry: its key in the method's index.</summary>
    public readonly TArgs Args;

    /// <summary>The hash of <see cref="Args"/>, computed once per call: the index's writes and resizes use it.</summary>
    public readonly int ArgsHash;

    /// <summary>The next entry in the same bucket of the method's index (<see cref="ArgsChain{TArgs, TResult}"/>).</summary>
    public IndexedMemoryEntry<TArgs, TResult>? NextInIndex;

    private readonly MemoryMethodIndex<TArgs, TResult> _index;
    private Task<TResult>? _completedTask;

    public IndexedMemoryEntry(string key, int keyHash, TResult result, long expiresAtTicks, long deadline, int generation, MemoryMethodIndex<TArgs, TResult> index, TArgs args, int argsHash)
        : base(key, keyHash, expiresAtTicks, deadline, generation)
    {
        Result = result;
        _index = index;
        Args = args;
        ArgsHash = argsHash;
    }

    /// <summary>An entry with a fail-safe margin or a refresh moment.</summary>
    public IndexedMemoryEntry(string key, int keyHash, TResult result, in EntryTiming timing, in EntryDeadlines deadlines, int generation, MemoryMethodIndex<TArgs, TResult> index, TArgs args, int argsHash)
        : base(key, keyHash, timing, deadlines, generation)
    {
        Result = result;
        _index = index;
        Args = args;
        ArgsHash = argsHash;
    }

    /// <summary>The result, boxed only when the string API reads it: a miss of a value-typed method boxes nothing.</summary>
    public override object? Value => Result;

    /// <summary>A completed task of the result, made on the first hit and returned by every later one.</summary>
    public Task<TResult> CompletedTask => _completedTask ??= Task.FromResult(Result);

    protected override void OnRemoved() => _index.Entries.TryRemove(this);
}

/// <summary>How a method's index chains its entries: by the argument tuple, compared as the tuple type compares.</summary>
internal readonly struct ArgsChain<TArgs, TResult> : IEntryChain<TArgs, IndexedMemoryEntry<TArgs, TResult>>
    where TArgs : notnull
{
    public static TArgs KeyOf(IndexedMemoryEntry<TArgs, TResult> entry) => entry.Args;

    public static int HashOf(TArgs key) => EqualityComparer<TArgs>.Default.GetHashCode(key);

    public static int HashOf(IndexedMemoryEntry<TArgs, TResult> entry) => entry.ArgsHash;

    public static bool HasKey(IndexedMemoryEntry<TArgs, TResult> entry, TArgs key) => EqualityComparer<TArgs>.Default.Equals(entry.Args, key);

    public static ref IndexedMemoryEntry<TArgs, TResult>? NextOf(IndexedMemoryEntry<TArgs, TResult> entry) => ref entry.NextInIndex;
}
