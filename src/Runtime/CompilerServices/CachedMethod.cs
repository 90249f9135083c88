using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize.CompilerServices;

/// <summary>
/// The runtime half of one memoized method: the generated body of a <see cref="CachedAttribute"/> method
/// holds one instance in a static field and calls <c>Invoke</c> with the key arguments as a tuple.
/// </summary>
/// <typeparam name="TArgs">The tuple of the key arguments; its equality decides which calls share an entry.</typeparam>
/// <typeparam name="TResult">The method's result (the <c>T</c> of <c>Task&lt;T&gt;</c> for async methods).</typeparam>
/// <remarks>
/// On the memory store, and on the first level of a store that has one in process memory
/// (<see cref="Memoize.Stores.IFirstLevelCacheStore"/>), a hit is a lookup of the argument tuple in a typed index: no key
/// string is built and nothing is allocated. Other stores get the key built by the method's <see cref="KeyFormatter{TArgs}"/>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CachedMethod<TArgs, TResult>
    where TArgs : notnull
{
    private readonly KeyFormatter<TArgs> _formatter;
    private Binding? _binding;
    private ResiliencePolicy? _foreignPolicy;

    /// <summary>Describes a memoized method. Called by generated code.</summary>
    /// <param name="keyPrefix">The first key segment (<see cref="CachedAttribute.KeyPrefix"/> or the method's full name).</param>
    /// <param name="store">The store name, or <see langword="null"/> for the manager's default store.</param>
    /// <param name="ttl">The time to live, or <see langword="null"/> for the manager's default.</param>
    /// <param name="formatter">Writes the key segments of the arguments.</param>
    /// <param name="sliding">Whether a hit extends the entry's life by the time to live again.</param>
    /// <param name="options">The resilience options set on the attribute (fail-safe, timeouts, eager refresh, jitter); <see langword="null"/> for the manager's defaults.</param>
    public CachedMethod(string keyPrefix, string? store, TimeSpan? ttl, KeyFormatter<TArgs> formatter, bool sliding = false, RememberOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix);
        ArgumentNullException.ThrowIfNull(formatter);
        if (ttl is { } span && span <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A cached method's time to live must be positive.");
        }

        KeyPrefix = keyPrefix;
        StoreName = store;
        Ttl = ttl;
        Sliding = sliding;
        Options = options;
        _formatter = formatter;
    }

    /// <summary>Whether a hit extends the entry's life by the time to live again.</summary>
    public bool Sliding { get; }

    /// <summary>
    /// The resilience options set on the attribute; <see langword="null"/> for the manager's defaults. Merged over the
    /// manager's defaults and validated when the method first runs on a manager (not per call). Timeouts apply to
    /// asynchronous methods only: a synchronous method with explicit timeouts fails its first miss with an
    /// <see cref="ArgumentException"/>, and ignores the manager's default timeouts.
    /// </summary>
    public RememberOptions? Options { get; }

    /// <summary>The first segment of every key of this method.</summary>
    public string KeyPrefix { get; }

    /// <summary>The store name, or <see langword="null"/> for the manager's default store.</summary>
    public string? StoreName { get; }

    /// <summary>The time to live, or <see langword="null"/> for the manager's default.</summary>
    public TimeSpan? Ttl { get; }

    /// <summary>The key of a call with these arguments, before the manager's and store's prefixes.</summary>
    /// <param name="args">The key arguments.</param>
    /// <param name="maxLength">Keys longer than this hash their arguments.</param>
    /// <returns>The key.</returns>
    public string BuildKey(in TArgs args, int maxLength = CacheKeyWriter.DefaultMaxKeyLength)
    {
        // Most keys fit on the stack: only the key string itself is allocated.
        var writer = new CacheKeyWriter(KeyPrefix, stackalloc char[256]);
        try
        {
            _formatter(ref writer, in args);
            return writer.ToKey(maxLength);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Runs a synchronous memoized call.</summary>
    /// <typeparam name="TState">What <paramref name="compute"/> needs besides the key arguments (the instance, other parameters).</typeparam>
    /// <param name="manager">The cache manager.</param>
    /// <param name="args">The key arguments.</param>
    /// <param name="state">Passed to <paramref name="compute"/>.</param>
    /// <param name="compute">Calls the Core method; a static lambda, so no closure is allocated.</param>
    /// <param name="unless">Returns <see langword="true"/> for a result that must not be cached.</param>
    /// <returns>The cached or computed result.</returns>
    public TResult Invoke<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, TResult> compute, Func<TState, TResult, bool>? unless = null)
    {
        IndexedMemoryEntry<TArgs, TResult>? hit = TryGetMemoryHit(manager, args, out int? argsHash);
        return hit is not null ? hit.Result : InvokeMiss(manager, args, argsHash, state, compute, unless);
    }

    /// <summary>Runs a memoized call of a method that returns <see cref="Task{TResult}"/>. A hit returns the same completed task every time.</summary>
    /// <typeparam name="TState">What <paramref name="compute"/> needs besides the key arguments.</typeparam>
    /// <param name="manager">The cache manager.</param>
    /// <param name="args">The key arguments.</param>
    /// <param name="state">Passed to <paramref name="compute"/>.</param>
    /// <param name="compute">Calls the Core method.</param>
    /// <param name="cancellationToken">The call's token: cancels waiting, and is passed to <paramref name="compute"/>.</param>
    /// <param name="unless">Returns <see langword="true"/> for a result that must not be cached.</param>
    /// <returns>The cached or computed result.</returns>
    public Task<TResult> InvokeAsync<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, Task<TResult>> compute, CancellationToken cancellationToken, Func<TState, TResult, bool>? unless = null)
    {
        IndexedMemoryEntry<TArgs, TResult>? hit = TryGetMemoryHit(manager, args, out int? argsHash);
        return hit is not null ? hit.CompletedTask : InvokeAsyncMiss(manager, args, argsHash, state, compute, cancellationToken, unless);
    }

    /// <summary>Runs a memoized call of a method that returns <see cref="ValueTask{TResult}"/>. A memory hit completes synchronously.</summary>
    /// <typeparam name="TState">What <paramref name="compute"/> needs besides the key arguments.</typeparam>
    /// <param name="manager">The cache manager.</param>
    /// <param name="args">The key arguments.</param>
    /// <param name="state">Passed to <paramref name="compute"/>.</param>
    /// <param name="compute">Calls the Core method.</param>
    /// <param name="cancellationToken">The call's token: cancels waiting, and is passed to <paramref name="compute"/>.</param>
    /// <param name="unless">Returns <see langword="true"/> for a result that must not be cached.</param>
    /// <returns>The cached or computed result.</returns>
    public ValueTask<TResult> InvokeValueTaskAsync<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, CancellationToken cancellationToken, Func<TState, TResult, bool>? unless = null)
    {
        IndexedMemoryEntry<TArgs, TResult>? hit = TryGetMemoryHit(manager, args, out int? argsHash);
        return hit is not null ? new ValueTask<TResult>(hit.Result) : InvokeValueTaskMiss(manager, args, argsHash, state, compute, cancellationToken, unless);
    }

    /// <summary>Removes the entry a call with these arguments created. Used by invalidating methods.</summary>
    /// <param name="manager">The cache manager.</param>
    /// <param name="args">The key arguments.</param>
    /// <returns><see langword="true"/> when an entry existed.</returns>
    public bool Forget(ICacheManager manager, TArgs args)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return TryForgetIndexed(manager, args, out bool existed) ? existed : manager.Cache(StoreName).Forget(KeyFor(manager, args));
    }

    /// <summary>Removes the entry a call with these arguments created. Used by invalidating methods.</summary>
    /// <param name="manager">The cache manager.</param>
    /// <param name="args">The key arguments.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns><see langword="true"/> when an entry existed.</returns>
    public ValueTask<bool> ForgetAsync(ICacheManager manager, TArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return TryForgetIndexed(manager, args, out bool existed)
            ? new ValueTask<bool>(existed)
            : manager.Cache(StoreName).ForgetAsync(KeyFor(manager, args), cancellationToken);
    }

    /// <summary>
    /// On a memory store, removes the indexed entry by the full key it keeps: no key to build. A newer value stored
    /// under that key through the string API would have replaced (and unindexed) this entry, so this is exact. The
    /// entry leaves the index in the same step that finds it.
    /// </summary>
    private bool TryForgetIndexed(ICacheManager manager, TArgs args, out bool existed)
    {
        if (Bind(manager) is { Memory: { } memory, Index: { } index, FirstLevel: null }
            && index.Entries.TryRemove(args, out IndexedMemoryEntry<TArgs, TResult>? entry))
        {
            existed = memory.RemoveIndexed(entry, unindexed: true);
            return true;
        }

        existed = false;
        return false;
    }

    /// <summary>
    /// The whole hit path: the manager's memory store (or the store's first level) holds a live entry for these
    /// arguments. Everything here is a field read or a comparison except the typed index lookup and the expiry clock.
    /// <paramref name="argsHash"/> is the hash of the arguments when the index was searched, for the miss path to reuse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private IndexedMemoryEntry<TArgs, TResult>? TryGetMemoryHit(ICacheManager manager, TArgs args, out int? argsHash)
    {
        Binding? binding = _binding;
        if (binding is null
            || !ReferenceEquals(binding.Manager, manager)
            || binding.Index is not { } index
            || binding.Version != binding.Manager.Version
            || !binding.Manager.IsEnabled)
        {
            argsHash = null;
            return null;
        }

        int hash = ArgsChain<TArgs, TResult>.HashOf(args);
        argsHash = hash;
        if (index.Entries.TryGetValue(args, hash, out IndexedMemoryEntry<TArgs, TResult>? entry) && binding.Memory!.IsLiveHit(entry))
        {
            // One static field and one manager field: with no listener and debug logging off, a hit stays free.
            if (MemoizeTelemetry.Hits.Enabled || binding.Manager.LogsDebug)
            {
                ReportHit(binding, entry);
            }

            return entry;
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportHit(Binding binding, MemoryEntry entry) => binding.Manager.OnHit(binding.Cache, KeyPrefix, entry.Key);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TResult InvokeMiss<TState>(ICacheManager manager, TArgs args, int? argsHash, TState state, Func<TState, TArgs, TResult> compute, Func<TState, TResult, bool>? unless)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (!manager.IsEnabled)
        {
            return compute(state, args);
        }

        // Timeouts cannot be honoured without blocking: set on a synchronous method they are refused (the analyzers
        // report it at build time); the manager's default timeouts do not apply to synchronous calls.
        ResiliencePolicy.RejectTimeoutsOnSynchronousCall(Options, nameof(Options));
        var call = new SyncCall<TState>(state, args, compute, unless);
        return NamedCache.Wait(RememberAsync(manager, args, argsHash, call, SyncCall<TState>.Compute, unless is null ? null : SyncCall<TState>.Unless, synchronous: true, CancellationToken.None));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Task<TResult> InvokeAsyncMiss<TState>(ICacheManager manager, TArgs args, int? argsHash, TState state, Func<TState, TArgs, CancellationToken, Task<TResult>> compute, CancellationToken cancellationToken, Func<TState, TResult, bool>? unless)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (!manager.IsEnabled)
        {
            return compute(state, args, cancellationToken);
        }

        var call = new TaskCall<TState>(state, args, compute, unless);
        return RememberAsync(manager, args, argsHash, call, TaskCall<TState>.Compute, unless is null ? null : TaskCall<TState>.Unless, synchronous: false, cancellationToken).AsTask();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<TResult> InvokeValueTaskMiss<TState>(ICacheManager manager, TArgs args, int? argsHash, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, CancellationToken cancellationToken, Func<TState, TResult, bool>? unless)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (!manager.IsEnabled)
        {
            return compute(state, args, cancellationToken);
        }

        var call = new ValueTaskCall<TState>(state, args, compute, unless);
        return RememberAsync(manager, args, argsHash, call, ValueTaskCall<TState>.Compute, unless is null ? null : ValueTaskCall<TState>.Unless, synchronous: false, cancellationToken);
    }

    /// <summary>
    /// Everything after a miss of the hit path: the shared remember algorithm, on the entries this manager gives.
    /// <paramref name="argsHash"/>: the hash of the arguments, when the hit path computed it.
    /// </summary>
    /// <typeparam name="TCall">The call (<see cref="SyncCall{TState}"/>, <see cref="TaskCall{TState}"/> or <see cref="ValueTaskCall{TState}"/>), passed to <paramref name="compute"/> and <paramref name="unless"/>.</typeparam>
    private ValueTask<TResult> RememberAsync<TCall>(ICacheManager manager, TArgs args, int? argsHash, TCall call, Func<TCall, CancellationToken, ValueTask<TResult>> compute, Func<TCall, TResult, bool>? unless, bool synchronous, CancellationToken cancellationToken)
    {
        Binding? binding = Bind(manager);
        if (binding?.MemorySite is not { } site)
        {
            return RememberElsewhereAsync(manager, binding, args, call, compute, unless, synchronous, cancellationToken);
        }

        int hash = argsHash ?? ArgsChain<TArgs, TResult>.HashOf(args);
        if (site.TryGetRunning(args, hash, out Flight<TResult>? running))
        {
            // A stampede: join the computation other callers of these arguments wait for, as the flight table would.
            return new ValueTask<TResult>(running.Task.WaitAsync(cancellationToken));
        }

        string fullKey = binding.Cache.FullKey(BuildKey(args, binding.Manager.Options.ArgumentHashThreshold));
        var indexed = new IndexedMemoryEntries<TArgs, TResult>(site, args, hash, fullKey, fullKey.GetHashCode());
        return Remembering.RememberAsync<IndexedMemoryEntries<TArgs, TResult>, IndexedMemoryEntries<TArgs, TResult>.Read, TCall, TResult>(indexed, call, compute, unless, synchronous, cancellationToken);
    }

    /// <summary>
    /// <see cref="RememberAsync"/> on anything but the memory store: kept apart so that the memory store's miss does not
    /// carry (and clear) the other stores' entries in its stack frame.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<TResult> RememberElsewhereAsync<TCall>(ICacheManager manager, Binding? binding, TArgs args, TCall call, Func<TCall, CancellationToken, ValueTask<TResult>> compute, Func<TCall, TResult, bool>? unless, bool synchronous, CancellationToken cancellationToken)
    {
        if (binding is null)
        {
            // A manager the application implements: only its public interface is used, and of the options only what
            // needs nothing from it (hard timeout, jitter; see InterfaceEntries).
            ResiliencePolicy foreignPolicy = _foreignPolicy ??= ResiliencePolicy.Resolve(Options, new CacheManagerOptions());
            TimeSpan? ttl = foreignPolicy.Jitter > TimeSpan.Zero ? Ttl ?? manager.DefaultTtl : Ttl;
            var foreign = new InterfaceEntries<TResult>(manager.Cache(StoreName), BuildKey(args), ttl, Sliding, foreignPolicy, KeyPrefix);
            return Remembering.RememberAsync<InterfaceEntries<TResult>, CacheResult<TResult>, TCall, TResult>(foreign, call, compute, unless, synchronous, cancellationToken);
        }

        NamedCache cache = binding.Cache;
        string fullKey = cache.FullKey(BuildKey(args, binding.Manager.Options.ArgumentHashThreshold));
        if (binding.FirstLevel is { } store)
        {
            var layered = new FirstLevelEntries<TArgs, TResult>(cache, store, binding.Memory!, binding.Index!, args, fullKey, Ttl, KeyPrefix, binding.Policy, store.FirstLevelVersion);
            return Remembering.RememberAsync<FirstLevelEntries<TArgs, TResult>, StoredValue?, TCall, TResult>(layered, call, compute, unless, synchronous, cancellationToken);
        }

        return cache.RememberCoreAsync(fullKey, Ttl, call, compute, unless, Sliding, synchronous, KeyPrefix, binding.Policy, cancellationToken);
    }

    /// <summary>The key with the manager's maximum key length, the one calls through that manager use.</summary>
    private string KeyFor(ICacheManager manager, in TArgs args)
        => BuildKey(args, Bind(manager)?.Manager.Options.ArgumentHashThreshold ?? CacheKeyWriter.DefaultMaxKeyLength);

    /// <summary>
    /// What this method uses of <paramref name="manager"/>: its store and, on a memory store or a store's first level in
    /// process memory, the typed index.
    /// <see langword="null"/> for a manager the application implements, which is used through its interface only.
    /// The one place that looks behind <see cref="ICacheManager"/>.
    /// </summary>
    private Binding? Bind(ICacheManager manager)
    {
        Binding? binding = _binding;
        if (binding is not null && ReferenceEquals(binding.Manager, manager) && binding.Version == binding.Manager.Version)
        {
            return binding;
        }

        if (manager is not CacheManager ours)
        {
            return null;
        }

        int version = ours.Version;
        NamedCache cache = ours.GetCache(StoreName);
        MemoryEntryTable? memory = cache.Memory;

        // A sliding entry must be extended in the shared level on every hit, which a hit of the first level would skip.
        IFirstLevelCacheStore? firstLevel = memory is null && !Sliding ? cache.Store as IFirstLevelCacheStore : null;
        if (firstLevel is not null)
        {
            memory = MemoryEntryTable.Behind(firstLevel.FirstLevel);
        }

        // Resolved here, once per manager: an option out of range fails the first call with a message naming it.
        ResiliencePolicy policy = ours.PolicyOf(Options);
        MemoryMethodIndex<TArgs, TResult>? index = memory?.GetIndex<TArgs, TResult>(this);
        MemoryCallSite<TArgs, TResult>? memorySite = firstLevel is null && index is not null ? new(cache, memory!, index, Ttl, Sliding, KeyPrefix, policy) : null;
        binding = new Binding(ours, version, cache, memory, index, policy, firstLevel, memorySite);
        _binding = binding;
        return binding;
    }

    /// <summary>
    /// A call of a synchronous method: its state, arguments, computation and Unless, passed to the algorithm as one state
    /// so no closure is allocated. <see cref="Compute"/> calls the generated computation directly; <see cref="Unless"/>
    /// is passed only when the method has an Unless, so a method without one pays no call for it.
    /// </summary>
    private readonly struct SyncCall<TState>(TState state, TArgs args, Func<TState, TArgs, TResult> compute, Func<TState, TResult, bool>? unless)
    {
        public static readonly Func<SyncCall<TState>, CancellationToken, ValueTask<TResult>> Compute = static (call, _) => new ValueTask<TResult>(call._compute(call._state, call._args));

        public static readonly Func<SyncCall<TState>, TResult, bool> Unless = static (call, result) => call._unless!(call._state, result);

        private readonly TState _state = state;
        private readonly TArgs _args = args;
        private readonly Func<TState, TArgs, TResult> _compute = compute;
        private readonly Func<TState, TResult, bool>? _unless = unless;
    }

    /// <summary>A call of a method that returns <see cref="Task{TResult}"/>, as <see cref="SyncCall{TState}"/>.</summary>
    private readonly struct TaskCall<TState>(TState state, TArgs args, Func<TState, TArgs, CancellationToken, Task<TResult>> compute, Func<TState, TResult, bool>? unless)
    {
        public static readonly Func<TaskCall<TState>, CancellationToken, ValueTask<TResult>> Compute = static (call, ct) => new ValueTask<TResult>(call._compute(call._state, call._args, ct));

        public static readonly Func<TaskCall<TState>, TResult, bool> Unless = static (call, result) => call._unless!(call._state, result);

        private readonly TState _state = state;
        private readonly TArgs _args = args;
        private readonly Func<TState, TArgs, CancellationToken, Task<TResult>> _compute = compute;
        private readonly Func<TState, TResult, bool>? _unless = unless;
    }

    /// <summary>A call of a method that returns <see cref="ValueTask{TResult}"/>, as <see cref="SyncCall{TState}"/>.</summary>
    private readonly struct ValueTaskCall<TState>(TState state, TArgs args, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, Func<TState, TResult, bool>? unless)
    {
        public static readonly Func<ValueTaskCall<TState>, CancellationToken, ValueTask<TResult>> Compute = static (call, ct) => call._compute(call._state, call._args, ct);

        public static readonly Func<ValueTaskCall<TState>, TResult, bool> Unless = static (call, result) => call._unless!(call._state, result);

        private readonly TState _state = state;
        private readonly TArgs _args = args;
        private readonly Func<TState, TArgs, CancellationToken, ValueTask<TResult>> _compute = compute;
        private readonly Func<TState, TResult, bool>? _unless = unless;
    }

    /// <summary>
    /// What this method resolved on one manager: its store and, on a memory store or a store's first level, its typed
    /// index. Rebuilt when the manager's stores change.
    /// </summary>
    private sealed class Binding(CacheManager manager, int version, NamedCache cache, MemoryEntryTable? memory, MemoryMethodIndex<TArgs, TResult>? index, ResiliencePolicy policy, IFirstLevelCacheStore? firstLevel, MemoryCallSite<TArgs, TResult>? memorySite)
    {
        /// <summary>The method's <see cref="Options"/> over the manager's defaults.</summary>
        public readonly ResiliencePolicy Policy = policy;

        public readonly CacheManager Manager = manager;
        public readonly int Version = version;
        public readonly NamedCache Cache = cache;
        /// <summary>The entries hits are found in: the memory store's, or the store's first level.</summary>
        public readonly MemoryEntryTable? Memory = memory;
        public readonly MemoryMethodIndex<TArgs, TResult>? Index = index;

        /// <summary>
        /// The store, when <see cref="Memory"/> is its first level rather than the store itself: misses and removals
        /// go through the store (the shared level and the change notices), hits stay in memory.
        /// </summary>
        public readonly IFirstLevelCacheStore? FirstLevel = firstLevel;

        /// <summary>What the method's misses on the memory store share; <see langword="null"/> on any other store.</summary>
        public readonly MemoryCallSite<TArgs, TResult>? MemorySite = memorySite;
    }
}
