using System;
using System.Collections.Concurrent;
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

    public readonly ConcurrentDictionary<TArgs, IndexedMemoryEntry<TArgs, TResult>> Entries = new();

    private int _insertsUntilSweep = MinimumSweepInterval;

    /// <summary>Indexes an entry just put in the store.</summary>
    public void Add(TArgs args, IndexedMemoryEntry<TArgs, TResult> entry)
    {
        Entries[args] = entry;
        if (Interlocked.Decrement(ref _insertsUntilSweep) == 0)
        {
            Sweep();
        }
    }

    public void Clear() => Entries.Clear();

    private void Sweep()
    {
        foreach (KeyValuePair<TArgs, IndexedMemoryEntry<TArgs, TResult>> pair in Entries)
        {
            // Kept stale entries stay: they are the fail-safe fallback of their call.
            if (!store.IsKept(pair.Value))
            {
                Entries.TryRemove(pair);
            }
        }

        Volatile.Write(ref _insertsUntilSweep, Math.Max(MinimumSweepInterval, Entries.Count));
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

    private readonly MemoryMethodIndex<TArgs, TResult> _index;
    private readonly TArgs _args;
    private Task<TResult>? _completedTask;

    public IndexedMemoryEntry(string key, TResult result, long expiresAtTicks, long deadline, int generation, MemoryMethodIndex<TArgs, TResult> index, TArgs args)
        : base(key, value: null, expiresAtTicks, deadline, generation)
    {
        Result = result;
        _index = index;
        _args = args;
    }

    /// <summary>An entry with a fail-safe margin or a refresh moment.</summary>
    public IndexedMemoryEntry(string key, TResult result, in EntryTiming timing, in EntryDeadlines deadlines, int generation, MemoryMethodIndex<TArgs, TResult> index, TArgs args)
        : base(key, value: null, timing, deadlines, generation)
    {
        Result = result;
        _index = index;
        _args = args;
    }

    /// <summary>The result, boxed only when the string API reads it: a miss of a value-typed method boxes nothing.</summary>
    public override object? Value => Result;

    /// <summary>A completed task of the result, made on the first hit and returned by every later one.</summary>
    public Task<TResult> CompletedTask => _completedTask ??= Task.FromResult(Result);

    protected override void OnRemoved()
        => _index.Entries.TryRemove(new KeyValuePair<TArgs, IndexedMemoryEntry<TArgs, TResult>>(_args, this));
}
