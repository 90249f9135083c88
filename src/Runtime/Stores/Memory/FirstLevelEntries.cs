using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// The entry of a memoized call in a store with a first level in process memory (<see cref="IFirstLevelCacheStore"/>),
/// for <see cref="Remembering"/>. The read looks in the method's typed index on the first level (an entry due a refresh,
/// a stale one kept by fail-safe, or the value a caller just stored), else reads the store as any byte store (its first
/// level's bytes or the shared level); the write goes through the store as any byte store (the shared level, the change
/// notice, the first level's bytes). Either way the bytes the store then keeps in its first level are replaced by the
/// typed value, so the next call is a hit of the index, with no deserialization.
/// </summary>
internal readonly struct FirstLevelEntries<TArgs, TResult>(NamedCache cache, IFirstLevelCacheStore store, MemoryEntryTable firstLevel, MemoryMethodIndex<TArgs, TResult> index, TArgs args, string key, TimeSpan? ttl, string method, ResiliencePolicy policy)
    : IRememberedEntries<FirstLevelEntries<TArgs, TResult>.Read, TResult>
    where TArgs : notnull
{
    public string Key => key;

    public RememberFlights Flights => cache.Flights;

    public bool ReadsAreLocal => false;

    public ResiliencePolicy Policy => policy;

    public string Subject => StoreEntries.SubjectOf(method, key);

    public ValueTask<Read> StartRead(bool synchronous, CancellationToken cancellationToken)
    {
        if (index.Entries.TryGetValue(args, out IndexedMemoryEntry<TArgs, TResult>? typed)
            && firstLevel.IsKept(typed)
            && (!firstLevel.HasSizeLimit || firstLevel.Touch(typed)))
        {
            // Past its hit deadline (due a refresh, or stale), or stored by a caller that finished just before. A stale
            // entry is the fallback, as stale bytes in the first level are on the byte path: the store is not asked.
            return new(new Read(typed, null, 0));
        }

        // Read before the store is: news from elsewhere that arrives meanwhile keeps what it returns from being kept typed.
        long version = store.FirstLevelVersion;
        ValueTask<StoredValue?> stored = cache.GetFromStoreAsync(key, synchronous, cancellationToken);
        return stored.IsCompletedSuccessfully ? new(new Read(null, stored.Result, version)) : ReadStoreAsync(stored, version);
    }

    public ValueTask<EntryRead<TResult>> FinishRead(Read read, bool synchronous, CancellationToken cancellationToken)
    {
        if (read.Typed is { } typed)
        {
            return new(new EntryRead<TResult>(firstLevel.StateOf(typed), typed.Result, typed.Timing));
        }

        ValueTask<StoredValue?> live = cache.LiveOrRemovedAsync(read.Stored, key, synchronous, cancellationToken);
        return live.IsCompletedSuccessfully ? new(Decode(live.Result, read.Version)) : DecodeAsync(live, read.Version);
    }

    public bool AbsorbsFailure(Exception exception, Activity? activity) => cache.AbsorbFailure(exception, activity);

    public void ReportWorking() => cache.Manager.ReportStoreWorking(cache);

    public Activity? StartActivity(string operation) => MemoizeTelemetry.StartStoreActivity(operation, cache.Name);

    /// <summary>Methods with sliding expiry are not bound to the first level (each hit must extend the shared entry), so nothing slides here.</summary>
    public EntryTiming NewTiming() => policy.TimingOf(cache.ExpiryOf(ttl), sliding: false);

    public ValueTask RefreshAsync(TResult value, bool synchronous, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken)
        => store is IComputeLockCacheStore locking ? locking.LockForComputeAsync(key, cancellationToken) : new((IAsyncDisposable?)null);

    public ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(CancellationToken cancellationToken)
        => store is IComputeLockCacheStore locking ? locking.TryLockForRefreshAsync(key, cancellationToken) : new(StoreEntries.Unlocked);

    public ValueTask WriteAsync(TResult value, EntryTiming timing, bool synchronous, CancellationToken cancellationToken)
    {
        long version = store.FirstLevelVersion;
        ValueTask write = cache.WriteAsync(key, value, timing, synchronous, cancellationToken);
        if (!write.IsCompletedSuccessfully)
        {
            return KeepAfterWriteAsync(write, value, timing, version);
        }

        KeepTyped(value, timing, version, readBytes: null);
        return ValueTask.CompletedTask;
    }

    public void OnHit() => cache.Manager.OnHit(cache, method, key);

    public void OnComputed(long startTimestamp) => cache.Manager.OnMiss(cache, method, key, startTimestamp);

    public void OnFailSafe(Exception? failure, TimeSpan? timeout) => cache.Manager.OnFailSafe(cache, method, key, failure, timeout);

    public void OnBackgroundFailure(Exception failure) => cache.Manager.OnBackgroundFailure(cache, method, key, failure);

    private async ValueTask<Read> ReadStoreAsync(ValueTask<StoredValue?> stored, long version)
        => new(null, await stored.ConfigureAwait(false), version);

    private async ValueTask<EntryRead<TResult>> DecodeAsync(ValueTask<StoredValue?> live, long version)
        => Decode(await live.ConfigureAwait(false), version);

    private async ValueTask KeepAfterWriteAsync(ValueTask write, TResult value, EntryTiming timing, long version)
    {
        await write.ConfigureAwait(false);
        KeepTyped(value, timing, version, readBytes: null);
    }

    private EntryRead<TResult> Decode(StoredValue? stored, long version)
    {
        EntryRead<TResult> read = cache.DecodeEntry<TResult>(stored);
        if (read.IsFresh)
        {
            KeepTyped(read.Value, read.Timing, version, stored!.Value.Value);
        }

        return read;
    }

    /// <summary>
    /// Replaces the bytes the store keeps in its first level with the typed value, ending when they would. Nothing is
    /// kept when the store kept no bytes (it must not, or the value was not stored), when they are not the bytes just
    /// read (a newer value took their place), or when news from elsewhere arrived since before the store was read or written.
    /// </summary>
    private void KeepTyped(TResult value, EntryTiming timing, long version, ReadOnlyMemory<byte>? readBytes)
    {
        if (!cache.Manager.IsEnabled
            || store.FirstLevelVersion != version
            || !firstLevel.TryGetKeptBytes(key, out MemoryEntry? kept, out byte[]? bytes)
            || (readBytes is { } read && !read.Span.SequenceEqual(bytes)))
        {
            return;
        }

        long end = kept.ExpiresAtTicks;
        var local = new EntryTiming(Math.Min(timing.FreshUntil, end), timing.RefreshAt, Math.Min(timing.KeptUntil, end));
        var entry = new IndexedMemoryEntry<TArgs, TResult>(key, value, local, firstLevel.DeadlinesOf(local), kept.Generation, index, args);
        if (!firstLevel.TryReplace(kept, entry))
        {
            return;
        }

        index.Add(args, entry);
        if (store.FirstLevelVersion != version)
        {
            firstLevel.RemoveIndexed(entry);
        }
    }

    /// <summary>What a read found: a typed entry of the index, or what the store returned and the version read before.</summary>
    internal readonly record struct Read(IndexedMemoryEntry<TArgs, TResult>? Typed, StoredValue? Stored, long Version);
}
