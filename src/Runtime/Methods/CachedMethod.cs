using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// The runtime half of one memoized method: the generated body of a <see cref="CachedAttribute"/> method
/// holds one instance in a static field and calls <c>Invoke</c> with the key arguments as a tuple.
/// </summary>
/// <typeparam name="TArgs">The tuple of the key arguments; its equality decides which calls share an entry.</typeparam>
/// <typeparam name="TResult">The method's result (the <c>T</c> of <c>Task&lt;T&gt;</c> for async methods).</typeparam>
/// <remarks>
/// On the memory store a hit is a lookup of the argument tuple in a typed index: no key string is built and
/// nothing is allocated. Other stores get the key built by the method's <see cref="KeyFormatter{TArgs}"/>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public sealed class CachedMethod<TArgs, TResult>
    where TArgs : notnull
{
    private readonly KeyFormatter<TArgs> _formatter;
    private Binding? _binding;

    /// <summary>Describes a memoized method. Called by generated code.</summary>
    /// <param name="keyPrefix">The first key segment (<see cref="CachedAttribute.KeyPrefix"/> or the method's full name).</param>
    /// <param name="store">The store name, or <see langword="null"/> for the manager's default store.</param>
    /// <param name="ttl">The time to live, or <see langword="null"/> for the manager's default.</param>
    /// <param name="formatter">Writes the key segments of the arguments.</param>
    /// <param name="sliding">Whether a hit extends the entry's life by the time to live again.</param>
    public CachedMethod(string keyPrefix, string? store, TimeSpan? ttl, KeyFormatter<TArgs> formatter, bool sliding = false)
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
        _formatter = formatter;
    }

    /// <summary>Whether a hit extends the entry's life by the time to live again.</summary>
    public bool Sliding { get; }

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
        var writer = new CacheKeyWriter(KeyPrefix);
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
        IndexedMemoryEntry<TArgs, TResult>? hit = TryGetMemoryHit(manager, args);
        return hit is not null ? hit.Result : InvokeMiss(manager, args, state, compute, unless);
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
        IndexedMemoryEntry<TArgs, TResult>? hit = TryGetMemoryHit(manager, args);
        return hit is not null ? hit.CompletedTask : InvokeAsyncMiss(manager, args, state, compute, cancellationToken, unless);
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
        IndexedMemoryEntry<TArgs, TResult>? hit = TryGetMemoryHit(manager, args);
        return hit is not null ? new ValueTask<TResult>(hit.Result) : InvokeValueTaskMiss(manager, args, state, compute, cancellationToken, unless);
    }

    /// <summary>Removes the entry a call with these arguments created. Used by invalidating methods.</summary>
    /// <param name="manager">The cache manager.</param>
    /// <param name="args">The key arguments.</param>
    /// <returns><see langword="true"/> when an entry existed.</returns>
    public bool Forget(ICacheManager manager, TArgs args)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return TryForgetIndexed(manager, args, out bool existed) ? existed : manager.Store(StoreName).Forget(KeyFor(manager, args));
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
            : manager.Store(StoreName).ForgetAsync(KeyFor(manager, args), cancellationToken);
    }

    /// <summary>
    /// On a memory store, removes the indexed entry by the full key it keeps: no key to build. A newer value stored
    /// under that key through the string API would have replaced (and unindexed) this entry, so this is exact.
    /// </summary>
    private bool TryForgetIndexed(ICacheManager manager, TArgs args, out bool existed)
    {
        if (manager is CacheManager cacheManager && Bind(cacheManager) is { Memory: { } memory, Index: { } index }
            && index.Entries.TryGetValue(args, out IndexedMemoryEntry<TArgs, TResult>? entry))
        {
            existed = memory.RemoveIndexed(entry);
            return true;
        }

        existed = false;
        return false;
    }

    /// <summary>
    /// The whole hit path: the manager's memory store holds a live entry for these arguments. Everything here is
    /// a field read or a comparison except the typed index lookup and the expiry clock.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private IndexedMemoryEntry<TArgs, TResult>? TryGetMemoryHit(ICacheManager manager, TArgs args)
    {
        Binding? binding = _binding;
        if (binding is not null
            && ReferenceEquals(binding.Manager, manager)
            && binding.Index is { } index
            && binding.Version == binding.Manager.Version
            && binding.Manager.IsEnabled
            && index.Entries.TryGetValue(args, out IndexedMemoryEntry<TArgs, TResult>? entry)
            && IsLive(binding.Memory!, entry))
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLive(MemoryCacheStore memory, IndexedMemoryEntry<TArgs, TResult> entry)
    {
        // Sliding entries expire in the store of record after going unused; touching it both extends their life
        // and tells whether they are still alive. Size-limited stores need the touch for least-recently-used order.
        return memory.IsLive(entry) && ((entry.SlidingTicks == 0 && !memory.HasSizeLimit) || memory.Touch(entry));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TResult InvokeMiss<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, TResult> compute, Func<TState, TResult, bool>? unless)
    {
        if (manager is CacheManager cacheManager && cacheManager.IsEnabled)
        {
            ValueTask<TResult> pending = MissAsync(Bind(cacheManager), cacheManager, args, (state, compute, unless), static (s, a, _) => new ValueTask<TResult>(s.compute(s.state, a)), static (s, r) => s.unless?.Invoke(s.state, r) == true, CancellationToken.None, synchronous: true);
            return Cache.Wait(pending);
        }

        ArgumentNullException.ThrowIfNull(manager);
        return manager.IsEnabled ? ThroughInterface(manager, args, state, compute, unless) : compute(state, args);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Task<TResult> InvokeAsyncMiss<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, Task<TResult>> compute, CancellationToken cancellationToken, Func<TState, TResult, bool>? unless)
    {
        if (manager is CacheManager cacheManager && cacheManager.IsEnabled)
        {
            return MissAsync(Bind(cacheManager), cacheManager, args, (state, compute, unless), static (s, a, ct) => new ValueTask<TResult>(s.compute(s.state, a, ct)), static (s, r) => s.unless?.Invoke(s.state, r) == true, cancellationToken, synchronous: false).AsTask();
        }

        ArgumentNullException.ThrowIfNull(manager);
        return manager.IsEnabled
            ? ThroughInterfaceAsync(manager, args, state, compute, unless, cancellationToken).AsTask()
            : compute(state, args, cancellationToken);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<TResult> InvokeValueTaskMiss<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, CancellationToken cancellationToken, Func<TState, TResult, bool>? unless)
    {
        if (manager is CacheManager cacheManager && cacheManager.IsEnabled)
        {
            return MissAsync(Bind(cacheManager), cacheManager, args, (state, compute, unless), static (s, a, ct) => s.compute(s.state, a, ct), static (s, r) => s.unless?.Invoke(s.state, r) == true, cancellationToken, synchronous: false);
        }

        ArgumentNullException.ThrowIfNull(manager);
        return manager.IsEnabled
            ? ThroughInterfaceAsync(manager, args, state, compute, unless, cancellationToken)
            : compute(state, args, cancellationToken);
    }

    // The closures of the three methods below live in their own methods: a lambda capturing parameters makes the
    // compiler allocate its closure on entry to the method that declares it, which must never be a method a hit runs.
    private TResult ThroughInterface<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, TResult> compute, Func<TState, TResult, bool>? unless)
        => Cache.Wait(ThroughInterfaceAsync(manager, args, _ => new ValueTask<TResult>(compute(state, args)), unless is null ? null : r => unless(state, r), CancellationToken.None));

    private ValueTask<TResult> ThroughInterfaceAsync<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, Task<TResult>> compute, Func<TState, TResult, bool>? unless, CancellationToken cancellationToken)
        => ThroughInterfaceAsync(manager, args, ct => new ValueTask<TResult>(compute(state, args, ct)), unless is null ? null : r => unless(state, r), cancellationToken);

    private ValueTask<TResult> ThroughInterfaceAsync<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, Func<TState, TResult, bool>? unless, CancellationToken cancellationToken)
        => ThroughInterfaceAsync(manager, args, ct => compute(state, args, ct), unless is null ? null : r => unless(state, r), cancellationToken);

    /// <summary>
    /// A manager implemented by the application (not <see cref="CacheManager"/>): only its public interface is
    /// used, so there is no typed index; Sliding refreshes by writing again and Unless is honoured.
    /// </summary>
    private async ValueTask<TResult> ThroughInterfaceAsync(ICacheManager manager, TArgs args, Func<CancellationToken, ValueTask<TResult>> compute, Func<TResult, bool>? unless, CancellationToken cancellationToken)
    {
        ICache cache = manager.Store(StoreName);
        string key = KeyFor(manager, args);
        if (unless is null && !Sliding)
        {
            return await cache.RememberAsync(key, Ttl, compute, cancellationToken).ConfigureAwait(false);
        }

        CacheResult<TResult> cached = await cache.TryGetAsync<TResult>(key, cancellationToken).ConfigureAwait(false);
        if (cached.Found)
        {
            if (Sliding)
            {
                await cache.PutAsync(key, cached.Value, Ttl, cancellationToken).ConfigureAwait(false);
            }

            return cached.Value;
        }

        TResult value = await compute(cancellationToken).ConfigureAwait(false);
        if (unless?.Invoke(value) != true)
        {
            await cache.PutAsync(key, value, Ttl, cancellationToken).ConfigureAwait(false);
        }

        return value;
    }

    /// <summary>The key with the manager's maximum key length, the one calls through that manager use.</summary>
    private string KeyFor(ICacheManager manager, in TArgs args)
        => BuildKey(args, manager is CacheManager cacheManager ? cacheManager.Options.ArgumentHashThreshold : CacheKeyWriter.DefaultMaxKeyLength);

    private ValueTask<TResult> MissAsync<TState>(Binding binding, CacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, Func<TState, TResult, bool> unless, CancellationToken cancellationToken, bool synchronous)
    {
        Cache cache = binding.Cache;
        string fullKey = cache.FullKey(BuildKey(args, manager.Options.ArgumentHashThreshold));
        return binding.Memory is { } memory
            ? MemoryMissAsync(binding, memory, manager, fullKey, args, state, compute, unless, cancellationToken)
            : cache.RememberCoreAsync(fullKey, Ttl, (state, args, compute), static (s, ct) => s.compute(s.state, s.args, ct), cancellationToken, (state, unless), static (s, r) => s.unless(s.state, r), Sliding, synchronous, KeyPrefix);
    }

    private async ValueTask<TResult> MemoryMissAsync<TState>(Binding binding, MemoryCacheStore memory, CacheManager manager, string fullKey, TArgs args, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, Func<TState, TResult, bool> unless, CancellationToken cancellationToken)
    {
        Cache cache = binding.Cache;
        MemoryMethodIndex<TArgs, TResult> index = binding.Index!;
        var mine = new Flight<TResult>();
        Flight<TResult> flight = index.InFlight.GetOrAdd(args, mine);
        if (!ReferenceEquals(flight, mine))
        {
            return await flight.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            TResult value;
            if (index.Entries.TryGetValue(args, out IndexedMemoryEntry<TArgs, TResult>? finished) && IsLive(memory, finished))
            {
                // A caller that finished just before we joined.
                value = finished.Result;
            }
            else if (memory.HasUntypedWrites && memory.TryGetObject(fullKey, out object? stored) && (stored is TResult || (stored is null && default(TResult) is null)))
            {
                // Written through the string API: index it.
                value = (TResult)stored!;
                cache.Manager.OnHit(cache, KeyPrefix, fullKey);
            }
            else
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                value = await compute(state, args, cancellationToken).ConfigureAwait(false);
                cache.Manager.OnMiss(cache, KeyPrefix, fullKey, started);
            }

            if (manager.IsEnabled && !unless(state, value) && cache.ExpiryOf(Ttl) is var expiresAt)
            {
                // A sliding entry has no fixed end: the store of record expires it after it goes unused for the TTL.
                TimeSpan lifetime = Ttl ?? manager.DefaultTtl;
                long expiresAtTicks = Sliding ? long.MaxValue : expiresAt?.UtcTicks ?? long.MaxValue;
                var entry = new IndexedMemoryEntry<TArgs, TResult>(fullKey, value, expiresAtTicks, memory.DeadlineOf(expiresAtTicks, lifetime), memory.Generation, index, args);
                if (Sliding)
                {
                    entry.SlidingTicks = lifetime.Ticks;
                }

                memory.InsertComputed(entry);
                index.Add(args, entry);
            }

            index.InFlight.TryRemove(new KeyValuePair<TArgs, Flight<TResult>>(args, mine));
            mine.Complete(value);
            return value;
        }
        catch (Exception exception)
        {
            index.InFlight.TryRemove(new KeyValuePair<TArgs, Flight<TResult>>(args, mine));
            mine.Fail(exception);
            throw;
        }
    }

    private Binding Bind(CacheManager manager)
    {
        Binding? binding = _binding;
        if (binding is not null && ReferenceEquals(binding.Manager, manager) && binding.Version == manager.Version)
        {
            return binding;
        }

        int version = manager.Version;
        Cache cache = manager.GetStore(StoreName);
        MemoryCacheStore? memory = cache.Memory;
        binding = new Binding(manager, version, cache, memory, memory?.GetIndex<TArgs, TResult>(this));
        _binding = binding;
        return binding;
    }

    /// <summary>What this method resolved on one manager: its store and, on a memory store, its typed index. Rebuilt when the manager's stores change.</summary>
    private sealed class Binding(CacheManager manager, int version, Cache cache, MemoryCacheStore? memory, MemoryMethodIndex<TArgs, TResult>? index)
    {
        public readonly CacheManager Manager = manager;
        public readonly int Version = version;
        public readonly Cache Cache = cache;
        public readonly MemoryCacheStore? Memory = memory;
        public readonly MemoryMethodIndex<TArgs, TResult>? Index = index;
    }
}
