using System;
using System.Collections.Generic;
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
/// <remarks>A call's own part is its arguments and key, each with its hash computed once; the method's settings on this store are one shared
/// <see cref="MemoryCallSite{TArgs, TResult}"/>, so the struct passed through the algorithm stays small.</remarks>
internal readonly struct IndexedMemoryEntries<TArgs, TResult>(MemoryCallSite<TArgs, TResult> site, TArgs args, int argsHash, string key, int keyHash)
    : IRememberedEntries<IndexedMemoryEntries<TArgs, TResult>.Read, TResult>
    where TArgs : notnull
{
    public string Key => key;

    public int KeyHash => keyHash;

    public RememberFlights Flights => site.Cache.Flights;

    public bool ReadsAreLocal => true;

    public ResiliencePolicy Policy => site.Policy;

    public string Subject => StoreEntries.SubjectOf(site.Method, key);

    public ValueTask<Read> StartRead(bool synchronous, CancellationToken cancellationToken)
    {
        if (site.Index.Entries.TryGetValue(args, argsHash, out IndexedMemoryEntry<TArgs, TResult>? indexed)
            && site.Memory.IsKept(indexed)
            && ((indexed.Sliding is null && !site.Memory.HasSizeLimit) || site.Memory.Touch(indexed)))
        {
            return new(new Read(new EntryRead<TResult>(site.Memory.StateOf(indexed), indexed.Result, indexed.Timing), Untyped: false));
        }

        if (site.Memory.HasUntypedWrites && site.Memory.TryGetKept(key, out MemoryEntry? stored) && stored.Value is var value && (value is TResult || (value is null && default(TResult) is null)))
        {
            return new(new Read(new EntryRead<TResult>(site.Memory.StateOf(stored), (TResult)value!, stored.Timing), Untyped: true));
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

    public bool AbsorbsFailure(Exception exception, Activity? activity) => site.Cache.AbsorbFailure(exception, activity);

    public void ReportWorking()
    {
    }

    public Activity? StartActivity(string operation) => null;

    public EntryTiming NewTiming() => site.Policy.TimingOf(site.Cache.ExpiryOf(site.Ttl), site.Sliding);

    /// <summary>Sliding entries are kept alive by the store itself on every hit.</summary>
    public ValueTask RefreshAsync(TResult value, bool synchronous, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IAsyncDisposable?> LockForComputeAsync(CancellationToken cancellationToken) => new((IAsyncDisposable?)null);

    public ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(CancellationToken cancellationToken) => new(StoreEntries.Unlocked);

    public ValueTask WriteAsync(TResult value, EntryTiming timing, bool synchronous, CancellationToken cancellationToken)
    {
        // With fail-safe or eager refresh a kept entry may be under the key (a fallback, or the value being refreshed).
        Index(value, timing, computedNow: true, replacing: site.Policy.ShapesLifetimes);
        site.EndRunning(argsHash);
        return ValueTask.CompletedTask;
    }

    public void OnHit() => site.Cache.Manager.OnHit(site.Cache, site.Method, key);

    public void OnComputed(long startTimestamp) => site.Cache.Manager.OnMiss(site.Cache, site.Method, key, startTimestamp);

    public void OnFailSafe(Exception? failure, TimeSpan? timeout) => site.Cache.Manager.OnFailSafe(site.Cache, site.Method, key, failure, timeout);

    public void OnBackgroundFailure(Exception failure) => site.Cache.Manager.OnBackgroundFailure(site.Cache, site.Method, key, failure);

    public void OnJoined(Flight<TResult> flight) => site.KeepRunning(args, argsHash, flight);

    private void Index(TResult value, in EntryTiming timing, bool computedNow, bool replacing)
    {
        CacheManager manager = site.Cache.Manager;
        if (!manager.IsEnabled || timing.KeptUntil == DateTimeOffset.MinValue.UtcTicks)
        {
            return;
        }

        IndexedMemoryEntry<TArgs, TResult> entry;
        if (timing.IsPlain && (computedNow || site.Sliding))
        {
            // A sliding entry has no fixed end: the store expires it after it goes unused for the time to live.
            TimeSpan lifetime = site.Ttl ?? manager.DefaultTtl;
            long expiresAtTicks = site.Sliding ? long.MaxValue : timing.KeptUntil;
            entry = new IndexedMemoryEntry<TArgs, TResult>(key, keyHash, value, expiresAtTicks, site.Memory.DeadlineOf(expiresAtTicks, lifetime), site.Memory.Generation, site.Index, args, argsHash);
            if (site.Sliding)
            {
                entry.Sliding = new SlidingLife(lifetime.Ticks);
            }
        }
        else
        {
            entry = new IndexedMemoryEntry<TArgs, TResult>(key, keyHash, value, timing, site.Memory.DeadlinesOf(timing), site.Memory.Generation, site.Index, args, argsHash);
        }

        if (replacing)
        {
            site.Memory.Insert(entry);
        }
        else
        {
            // The read found no live entry under the key, so there is none to mark replaced.
            site.Memory.InsertComputed(entry);
        }

        site.Index.Add(entry);
    }

    /// <summary>What the read found, and whether it was written through the string API (not yet indexed).</summary>
    internal readonly record struct Read(EntryRead<TResult> Result, bool Untyped);
}

/// <summary>A memoized method on a memory store: what every call of it there shares.</summary>
internal sealed class MemoryCallSite<TArgs, TResult>(NamedCache cache, MemoryEntryTable memory, MemoryMethodIndex<TArgs, TResult> index, TimeSpan? ttl, bool sliding, string method, ResiliencePolicy policy)
    where TArgs : notnull
{
    public readonly NamedCache Cache = cache;
    public readonly MemoryEntryTable Memory = memory;
    public readonly MemoryMethodIndex<TArgs, TResult> Index = index;
    public readonly TimeSpan? Ttl = ttl;
    public readonly bool Sliding = sliding;

    /// <summary>The method's key prefix, as logs and metrics name it.</summary>
    public readonly string Method = method;
    public readonly ResiliencePolicy Policy = policy;

    /// <summary>The computation a caller of this method last joined, with its arguments; replaced by the next one joined.</summary>
    private RunningCall? _running;

    /// <summary>
    /// Finds the computation running for these arguments, if a caller already joined it: a caller in a stampede then
    /// joins it too, without building the key or taking the flight table's gate. A computation that ended is not
    /// found (its value is in the index, or a new one must start).
    /// </summary>
    public bool TryGetRunning(TArgs args, int argsHash, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Flight<TResult>? flight)
    {
        if (Volatile.Read(ref _running) is { } running
            && running.ArgsHash == argsHash
            && running.Flight.IsRunning
            && EqualityComparer<TArgs>.Default.Equals(running.Args, args))
        {
            flight = running.Flight;
            return true;
        }

        flight = null;
        return false;
    }

    /// <summary>
    /// Keeps a computation a caller joined (so it is marked joined in the flight table, which then never reuses it), for
    /// <see cref="TryGetRunning"/>. Once per stampede: the callers after this one find it here.
    /// </summary>
    public void KeepRunning(TArgs args, int argsHash, Flight<TResult> flight)
    {
        if (!ReferenceEquals(Volatile.Read(ref _running)?.Flight, flight))
        {
            Volatile.Write(ref _running, new RunningCall(args, argsHash, flight));
        }
    }

    /// <summary>
    /// The computation of these arguments has stored its value (the next callers hit it in the index): it is not kept
    /// any longer, nor the value it will hold.
    /// </summary>
    public void EndRunning(int argsHash)
    {
        if (Volatile.Read(ref _running) is { } running && running.ArgsHash == argsHash)
        {
            Interlocked.CompareExchange(ref _running, null, running);
        }
    }

    private sealed class RunningCall(TArgs args, int argsHash, Flight<TResult> flight)
    {
        public readonly TArgs Args = args;
        public readonly int ArgsHash = argsHash;
        public readonly Flight<TResult> Flight = flight;
    }
}
