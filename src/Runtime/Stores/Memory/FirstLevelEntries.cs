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
/// <remarks>
/// <paramref name="version"/> is the store's <see cref="IFirstLevelCacheStore.FirstLevelVersion"/> read before the call's
/// first read: news from elsewhere that arrives later keeps what the reads return from being kept typed (a later call
/// keeps it). The reads complete with what the store returns, as on any byte store, so a read that waits for Redis
/// suspends the remember algorithm only; an entry found in the index is passed on as <see cref="FirstLevelRead.FoundInIndex"/>.
/// </remarks>
internal readonly struct FirstLevelEntries<TArgs, TResult>(NamedCache cache, IFirstLevelCacheStore store, MemoryEntryTable firstLevel, MemoryMethodIndex<TArgs, TResult> index, TArgs args, string key, TimeSpan? ttl, string method, ResiliencePolicy policy, long version)
    : IRememberedEntries<StoredValue?, TResult>
    where TArgs : notnull
{
    public string Key => key;

    public int KeyHash => key.GetHashCode();

    public RememberFlights Flights => cache.Flights;

    public bool ReadsAreLocal => false;

    public ResiliencePolicy Policy => policy;

    public string Subject => StoreEntries.SubjectOf(method, key);

    public ValueTask<StoredValue?> StartRead(bool synchronous, CancellationToken cancellationToken)
    {
        // Past its hit deadline (due a refresh, or stale), or stored by a caller that finished just before. A stale
        // entry is the fallback, as stale bytes in the first level are on the byte path: the store is not asked.
        return TryGetIndexed(out _) ? new(FirstLevelRead.FoundInIndex) : cache.GetFromStoreAsync(key, synchronous, cancellationToken);
    }

    public ValueTask<EntryRead<TResult>> FinishRead(StoredValue? read, bool synchronous, CancellationToken cancellationToken)
    {
        if (FirstLevelRead.IsFoundInIndex(read))
        {
            // Looked up again, at once (the read completed synchronously): gone meanwhile, it is a miss.
            return new(TryGetIndexed(out IndexedMemoryEntry<TArgs, TResult>? typed)
                ? new EntryRead<TResult>(firstLevel.StateOf(typed), typed.Result, typed.Timing)
                : EntryRead<TResult>.Miss);
        }

        ValueTask<StoredValue?> live = cache.LiveOrRemovedAsync(read, key, synchronous, cancellationToken);
        return live.IsCompletedSuccessfully ? new(Decode(live.Result)) : DecodeAsync(live);
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
        // Read again before this write: news that arrived during the computation concerns the value it replaces.
        long versionBefore = store.FirstLevelVersion;
        ValueTask write = cache.WriteAsync(key, value, timing, synchronous, cancellationToken);
        if (!write.IsCompletedSuccessfully)
        {
            return KeepAfterWriteAsync(write, value, timing, versionBefore);
        }

        KeepTyped(value, timing, versionBefore, readBytes: null);
        return ValueTask.CompletedTask;
    }

    public void OnHit() => cache.Manager.OnHit(cache, method, key);

    public void OnComputed(long startTimestamp) => cache.Manager.OnMiss(cache, method, key, startTimestamp);

    public void OnFailSafe(Exception? failure, TimeSpan? timeout) => cache.Manager.OnFailSafe(cache, method, key, failure, timeout);

    public void OnBackgroundFailure(Exception failure) => cache.Manager.OnBackgroundFailure(cache, method, key, failure);

    public void OnJoined(Flight<TResult> flight)
    {
    }

    private bool TryGetIndexed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IndexedMemoryEntry<TArgs, TResult>? typed)
        => index.Entries.TryGetValue(args, out typed) && firstLevel.IsKept(typed) && (!firstLevel.HasSizeLimit || firstLevel.Touch(typed));

    private async ValueTask<EntryRead<TResult>> DecodeAsync(ValueTask<StoredValue?> live)
        => Decode(await live.ConfigureAwait(false));

    private async ValueTask KeepAfterWriteAsync(ValueTask write, TResult value, EntryTiming timing, long versionBefore)
    {
        await write.ConfigureAwait(false);
        KeepTyped(value, timing, versionBefore, readBytes: null);
    }

    private EntryRead<TResult> Decode(StoredValue? stored)
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
    private void KeepTyped(TResult value, EntryTiming timing, long versionBefore, ReadOnlyMemory<byte>? readBytes)
    {
        if (!cache.Manager.IsEnabled
            || store.FirstLevelVersion != versionBefore
            || !firstLevel.TryGetKeptBytes(key, out MemoryEntry? kept, out byte[]? bytes)
            || (readBytes is { } read && !read.Span.SequenceEqual(bytes)))
        {
            return;
        }

        long end = kept.ExpiresAtTicks;
        var local = new EntryTiming(Math.Min(timing.FreshUntil, end), timing.RefreshAt, Math.Min(timing.KeptUntil, end));
        var entry = new IndexedMemoryEntry<TArgs, TResult>(key, kept.KeyHash, value, local, firstLevel.DeadlinesOf(local), kept.Generation, index, args, ArgsChain<TArgs, TResult>.HashOf(args));
        if (!firstLevel.TryReplace(kept, entry))
        {
            return;
        }

        index.Add(entry);
        if (store.FirstLevelVersion != versionBefore)
        {
            firstLevel.RemoveIndexed(entry);
        }
    }

}

/// <summary>How a read of <see cref="FirstLevelEntries{TArgs, TResult}"/> says it found the entry in the index, not in the store.</summary>
internal static class FirstLevelRead
{
    private static readonly byte[] s_marker = [0];

    /// <summary>Never returned by a store: its bytes are an array of this class's own.</summary>
    public static readonly StoredValue? FoundInIndex = new StoredValue(s_marker, null);

    public static bool IsFoundInIndex(StoredValue? read)
        => read is { } found && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(found.Value, out ArraySegment<byte> segment) && ReferenceEquals(segment.Array, s_marker);
}
