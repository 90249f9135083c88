using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// The entry of a memoized call in the memory store, for <see cref="Remembering"/>: the read looks in the method's
/// typed index first (a caller that finished just before), then under the string key when anything but a memoized
/// method ever wrote to the store; the write puts a typed entry in the store and indexes it, so the next call is a
/// hit of the index. Reads find entries past their hit deadline too: due a refresh, or stale but kept by fail-safe.
/// </summary>
internal readonly struct IndexedMemoryEntries<TArgs, TResult>(NamedCache cache, MemoryEntryTable memory, MemoryMethodIndex<TArgs, TResult> index, TArgs args, string key, TimeSpan? ttl, bool sliding, string method, ResiliencePolicy policy)
    : IRememberedEntries<IndexedMemoryEntries<TArgs, TResult>.Read, TResult>
    where TArgs : notnull
{
    public string Key => key;

    public RememberFlights Flights => cache.Flights;

    public bool ReadsAreLocal => true;

    public ResiliencePolicy Policy => policy;

    public string Subject => StoreEntries.SubjectOf(method, key);

    public ValueTask<Read> StartRead(bool synchronous, CancellationToken cancellationToken)
    {
        if (index.Entries.TryGetValue(args, out IndexedMemoryEntry<TArgs, TResult>? indexed)
            && memory.IsKept(indexed)
            && ((indexed.SlidingTicks == 0 && !memory.HasSizeLimit) || memory.Touch(indexed)))
        {
            return new(new Read(new EntryRead<TResult>(memory.StateOf(indexed), indexed.Result, indexed.Timing), Untyped: false));
        }

        if (memory.HasUntypedWrites && memory.TryGetKept(key, out MemoryEntry? stored) && stored.Value is var value && (value is TResult || (value is null && default(TResult) is null)))
        {
            return new(new Read(new EntryRead<TResult>(memory.StateOf(stored), (TResult)value!, stored.Timing), Untyped: true));
        }

        return new(new Read(EntryRead<TResult>.Miss, Untyped: false));
    }

    public ValueTask<EntryRead<TResult>> FinishRead(Read read, bool synchronous, CancellationToken cancellationToken)
    {
        if (read.Untyped && read.Result.IsFresh)
        {
            // Written through the string API: index it with its lifetime, so the next call is a hit of the index.
            Index(read.Result.Value, read.Result.Timing, computedNow: false, replacing: true);
        }

        return new(read.Result);
    }

    public bool AbsorbsFailure(Exception exception, Activity? activity) => cache.AbsorbFailure(exception, activity);

    public void ReportWorking()
    {
    }

    public Activity? StartActivity(string operation) => null;

    public EntryTiming NewTiming() => policy.TimingOf(cache.ExpiryOf(ttl), sliding);

    /// <summary>Sliding entries are kept alive by the store itself on every hit.</summary>
    public ValueTask RefreshAsync(TResult value, bool synchronous, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken) => new((IAsyncDisposable?)null);

    public ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(CancellationToken cancellationToken) => new(StoreEntries.Unlocked);

    public ValueTask WriteAsync(TResult value, EntryTiming timing, bool synchronous, CancellationToken cancellationToken)
    {
        // With fail-safe or eager refresh a kept entry may be under the key (a fallback, or the value being refreshed).
        Index(value, timing, computedNow: true, replacing: policy.ShapesLifetimes);
        return ValueTask.CompletedTask;
    }

    public void OnHit() => cache.Manager.OnHit(cache, method, key);

    public void OnComputed(long startTimestamp) => cache.Manager.OnMiss(cache, method, key, startTimestamp);

    public void OnFailSafe(Exception? failure, TimeSpan? timeout) => cache.Manager.OnFailSafe(cache, method, key, failure, timeout);

    public void OnBackgroundFailure(Exception failure) => cache.Manager.OnBackgroundFailure(cache, method, key, failure);

    private void Index(TResult value, in EntryTiming timing, bool computedNow, bool replacing)
    {
        CacheManager manager = cache.Manager;
        if (!manager.IsEnabled || timing.KeptUntil == DateTimeOffset.MinValue.UtcTicks)
        {
            return;
        }

        IndexedMemoryEntry<TArgs, TResult> entry;
        if (timing.IsPlain && (computedNow || sliding))
        {
            // A sliding entry has no fixed end: the store expires it after it goes unused for the time to live.
            TimeSpan lifetime = ttl ?? manager.DefaultTtl;
            long expiresAtTicks = sliding ? long.MaxValue : timing.KeptUntil;
            entry = new IndexedMemoryEntry<TArgs, TResult>(key, value, expiresAtTicks, memory.DeadlineOf(expiresAtTicks, lifetime), memory.Generation, index, args);
            if (sliding)
            {
                entry.SlidingTicks = lifetime.Ticks;
            }
        }
        else
        {
            entry = new IndexedMemoryEntry<TArgs, TResult>(key, value, timing, memory.DeadlinesOf(timing), memory.Generation, index, args);
        }

        if (replacing)
        {
            memory.Insert(entry);
        }
        else
        {
            // The read found no live entry under the key, so there is none to mark replaced.
            memory.InsertComputed(entry);
        }

        index.Add(entry);
    }

    /// <summary>What the read found, and whether it was written through the string API (not yet indexed).</summary>
    internal readonly record struct Read(EntryRead<TResult> Result, bool Untyped);
}
