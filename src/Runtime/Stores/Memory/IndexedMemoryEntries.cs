using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// The entry of a memoized call in the memory store, for <see cref="Remembering"/>: the read looks in the method's
/// typed index first (a caller that finished just before), then under the string key when anything but a memoized
/// method ever wrote to the store; the write puts a typed entry in the store and indexes it, so the next call is a
/// hit of the index.
/// </summary>
internal readonly struct IndexedMemoryEntries<TArgs, TResult>(NamedCache cache, MemoryEntryTable memory, MemoryMethodIndex<TArgs, TResult> index, TArgs args, string key, TimeSpan? ttl, bool sliding, string method)
    : IRememberedEntries<IndexedMemoryEntries<TArgs, TResult>.Read, TResult>
    where TArgs : notnull
{
    public string Key => key;

    public RememberFlights Flights => cache.Flights;

    public bool ReadsAreLocal => true;

    public ValueTask<Read> StartRead(bool synchronous, CancellationToken cancellationToken)
    {
        if (index.Entries.TryGetValue(args, out IndexedMemoryEntry<TArgs, TResult>? indexed) && memory.IsLiveHit(indexed))
        {
            return new(new Read(new CacheResult<TResult>(true, indexed.Result), Untyped: false));
        }

        if (memory.HasUntypedWrites && memory.TryGetObject(key, out object? stored) && (stored is TResult || (stored is null && default(TResult) is null)))
        {
            return new(new Read(new CacheResult<TResult>(true, (TResult)stored!), Untyped: true));
        }

        return new(new Read(CacheResult<TResult>.Miss, Untyped: false));
    }

    public ValueTask<CacheResult<TResult>> FinishRead(Read read, bool synchronous, CancellationToken cancellationToken)
    {
        if (read.Untyped)
        {
            // Written through the string API: index it, so the next call is a hit of the index.
            Index(read.Result.Value, replacing: true);
        }

        return new(read.Result);
    }

    public bool AbsorbsFailure(Exception exception, Activity? activity) => cache.AbsorbFailure(exception, activity);

    public void ReportWorking()
    {
    }

    public Activity? StartActivity(string operation) => null;

    /// <summary>Sliding entries are kept alive by the store itself on every hit.</summary>
    public ValueTask RefreshAsync(TResult value, bool synchronous, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken) => new((IAsyncDisposable?)null);

    public ValueTask WriteAsync(TResult value, bool synchronous, CancellationToken cancellationToken)
    {
        Index(value, replacing: false);
        return ValueTask.CompletedTask;
    }

    public void OnHit() => cache.Manager.OnHit(cache, method, key);

    public void OnComputed(long startTimestamp) => cache.Manager.OnMiss(cache, method, key, startTimestamp);

    private void Index(TResult value, bool replacing)
    {
        CacheManager manager = cache.Manager;
        DateTimeOffset? expiresAt = cache.ExpiryOf(ttl);
        if (!manager.IsEnabled || expiresAt is { } at && at == DateTimeOffset.MinValue)
        {
            return;
        }

        // A sliding entry has no fixed end: the store expires it after it goes unused for the time to live.
        TimeSpan lifetime = ttl ?? manager.DefaultTtl;
        long expiresAtTicks = sliding ? long.MaxValue : expiresAt?.UtcTicks ?? long.MaxValue;
        var entry = new IndexedMemoryEntry<TArgs, TResult>(key, value, expiresAtTicks, memory.DeadlineOf(expiresAtTicks, lifetime), memory.Generation, index, args);
        if (sliding)
        {
            entry.SlidingTicks = lifetime.Ticks;
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

        index.Add(args, entry);
    }

    /// <summary>What the read found, and whether it was written through the string API (not yet indexed).</summary>
    internal readonly record struct Read(CacheResult<TResult> Result, bool Untyped);
}
