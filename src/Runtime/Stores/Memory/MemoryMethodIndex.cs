using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>The typed index of one generated method's entries in a memory store: a hit is one lookup of the argument tuple.</summary>
internal sealed class MemoryMethodIndex<TArgs, TResult>
    where TArgs : notnull
{
    public readonly ConcurrentDictionary<TArgs, IndexedMemoryEntry<TArgs, TResult>> Entries = new();

    public readonly SingleFlight<TArgs> InFlight = new();
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
        : base(key, result, expiresAtTicks, deadline, generation)
    {
        Result = result;
        _index = index;
        _args = args;
    }

    /// <summary>A completed task of the result, made on the first hit and returned by every later one.</summary>
    public Task<TResult> CompletedTask => _completedTask ??= Task.FromResult(Result);

    protected override void OnRemoved()
        => _index.Entries.TryRemove(new KeyValuePair<TArgs, IndexedMemoryEntry<TArgs, TResult>>(_args, this));
}
