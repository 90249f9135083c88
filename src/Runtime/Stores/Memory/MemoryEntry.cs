using System;
using System.Threading;

namespace Memoize;

/// <summary>
/// One value in the memory store. The same instance is reachable from the string-keyed store and from the
/// typed index of the generated method that wrote it, so a hit through either sees the same state.
/// </summary>
internal class MemoryEntry
{
    /// <summary>Expiry in UTC ticks; <see cref="long.MaxValue"/> for entries that never expire.</summary>
    public readonly long ExpiresAtTicks;

    public readonly object? Value;

    public readonly string Key;

    /// <summary>The store generation the entry was written in; a flush starts a new generation.</summary>
    public readonly int Generation;

    /// <summary>For sliding entries, the idle time after which they expire (in ticks); zero for absolute expiry.</summary>
    public long SlidingTicks;

    private int _removed;

    private object? _completedTask;

    public MemoryEntry(string key, object? value, long expiresAtTicks, int generation)
    {
        Key = key;
        Value = value;
        ExpiresAtTicks = expiresAtTicks;
        Generation = generation;
    }

    public bool IsRemoved => Volatile.Read(ref _removed) != 0;

    /// <summary>Marks the entry dead; returns <see langword="true"/> for the first caller only.</summary>
    public bool MarkRemoved()
    {
        if (Interlocked.Exchange(ref _removed, 1) != 0)
        {
            return false;
        }

        OnRemoved();
        return true;
    }

    /// <summary>Drops the entry from any typed index that points to it.</summary>
    protected virtual void OnRemoved()
    {
    }

    /// <summary>A completed task of the value, made once and reused by every hit of a Task-returning method.</summary>
    public System.Threading.Tasks.Task<T> GetCompletedTask<T>()
    {
        if (_completedTask is System.Threading.Tasks.Task<T> task)
        {
            return task;
        }

        task = System.Threading.Tasks.Task.FromResult((T)Value!);
        _completedTask = task;
        return task;
    }
}
