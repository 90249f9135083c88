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
    public CachedMethod(string keyPrefix, string? store, TimeSpan? ttl, KeyFormatter<TArgs> formatter)
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
        _formatter = formatter;
    }

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
    /// <returns>The cached or computed result.</returns>
    public TResult Invoke<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, TResult> compute)
    {
        IndexedMemoryEntry<TArgs, TResult>? hit = TryGetMemoryHit(manager, args);
        return hit is not null ? hit.Result : InvokeMiss(manager, args, state, compute);
    }

    /// <summary>Runs a memoized call of a method that returns <see cref="Task{TResult}"/>. A hit returns the same completed task every time.</summary>
    /// <typeparam name="TState">What <paramref name="compute"/> needs besides the key arguments.</typeparam>
    /// <param name="manager">The cache manager.</param>
    /// <param name="args">The key arguments.</param>
    /// <param name="state">Passed to <paramref name="compute"/>.</param>
    /// <param name="compute">Calls the Core method.</param>
    /// <param name="cancellationToken">The call's token: cancels waiting, and is passed to <paramref name="compute"/>.</param>
    /// <returns>The cached or computed result.</returns>
    public Task<TResult> InvokeAsync<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, Task<TResult>> compute, CancellationToken cancellationToken)
    {
        IndexedMemoryEntry<TArgs, TResult>? hit = TryGetMemoryHit(manager, args);
        return hit is not null ? hit.CompletedTask : InvokeAsyncMiss(manager, args, state, compute, cancellationToken);
    }

    /// <summary>Runs a memoized call of a method that returns <see cref="ValueTask{TResult}"/>. A memory hit completes synchronously.</summary>
    /// <typeparam name="TState">What <paramref name="compute"/> needs besides the key arguments.</typeparam>
    /// <param name="manager">The cache manager.</param>
    /// <param name="args">The key arguments.</param>
    /// <param name="state">Passed to <paramref name="compute"/>.</param>
    /// <param name="compute">Calls the Core method.</param>
    /// <param name="cancellationToken">The call's token: cancels waiting, and is passed to <paramref name="compute"/>.</param>
    /// <returns>The cached or computed result.</returns>
    public ValueTask<TResult> InvokeValueTaskAsync<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, CancellationToken cancellationToken)
    {
        IndexedMemoryEntry<TArgs, TResult>? hit = TryGetMemoryHit(manager, args);
        return hit is not null ? new ValueTask<TResult>(hit.Result) : InvokeValueTaskMiss(manager, args, state, compute, cancellationToken);
    }

    /// <summary>Removes the entry a call with these arguments created. Used by invalidating methods.</summary>
    /// <param name="manager">The cache manager.</param>
    /// <param name="args">The key arguments.</param>
    /// <returns><see langword="true"/> when an entry existed.</returns>
    public bool Forget(ICacheManager manager, TArgs args)
    {
        ArgumentNullException.ThrowIfNull(manager);
        if (manager is CacheManager cacheManager && Bind(cacheManager) is { Memory: { } memory, Index: { } index }
            && index.Entries.TryGetValue(args, out IndexedMemoryEntry<TArgs, TResult>? entry))
        {
            // The indexed entry knows its full key: no key to build. A newer value stored under that key through
            // the string API would have replaced (and unindexed) this entry, so removing by its key is exact.
            return memory.RemoveIndexed(entry);
        }

        return manager.Store(StoreName).Forget(BuildKey(args));
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
            && binding.Memory!.IsLive(entry))
        {
            if (binding.Memory.HasSizeLimit)
            {
                binding.Memory.Touch(entry);
            }

            return entry;
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private TResult InvokeMiss<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, TResult> compute)
    {
        if (manager is CacheManager cacheManager && cacheManager.IsEnabled)
        {
            ValueTask<TResult> pending = MissAsync(Bind(cacheManager), cacheManager, args, (state, compute), static (s, a, _) => new ValueTask<TResult>(s.compute(s.state, a)), CancellationToken.None);
            return Cache.Wait(pending);
        }

        ArgumentNullException.ThrowIfNull(manager);
        return manager.IsEnabled ? RememberThroughInterface(manager, args, state, compute) : compute(state, args);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Task<TResult> InvokeAsyncMiss<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, Task<TResult>> compute, CancellationToken cancellationToken)
    {
        if (manager is CacheManager cacheManager && cacheManager.IsEnabled)
        {
            return MissAsync(Bind(cacheManager), cacheManager, args, (state, compute), static (s, a, ct) => new ValueTask<TResult>(s.compute(s.state, a, ct)), cancellationToken).AsTask();
        }

        ArgumentNullException.ThrowIfNull(manager);
        return manager.IsEnabled
            ? RememberThroughInterfaceAsync(manager, args, (state, compute), static (s, a, ct) => new ValueTask<TResult>(s.compute(s.state, a, ct)), cancellationToken).AsTask()
            : compute(state, args, cancellationToken);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<TResult> InvokeValueTaskMiss<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, CancellationToken cancellationToken)
    {
        if (manager is CacheManager cacheManager && cacheManager.IsEnabled)
        {
            return MissAsync(Bind(cacheManager), cacheManager, args, (state, compute), static (s, a, ct) => s.compute(s.state, a, ct), cancellationToken);
        }

        ArgumentNullException.ThrowIfNull(manager);
        return manager.IsEnabled
            ? RememberThroughInterfaceAsync(manager, args, (state, compute), static (s, a, ct) => s.compute(s.state, a, ct), cancellationToken)
            : compute(state, args, cancellationToken);
    }

    // The closures of the paths below live in their own methods: a lambda capturing parameters makes the compiler
    // allocate its closure on entry to the method that declares it, which must never be a method a hit runs.
    private TResult RememberThroughInterface<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, TResult> compute)
        => manager.Store(StoreName).Remember(BuildKey(args), Ttl, () => compute(state, args));

    private ValueTask<TResult> RememberThroughInterfaceAsync<TState>(ICacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, CancellationToken cancellationToken)
        => manager.Store(StoreName).RememberAsync(BuildKey(args), Ttl, ct => compute(state, args, ct), cancellationToken);

    private async ValueTask<TResult> MissAsync<TState>(Binding binding, CacheManager manager, TArgs args, TState state, Func<TState, TArgs, CancellationToken, ValueTask<TResult>> compute, CancellationToken cancellationToken)
    {
        Cache cache = binding.Cache;
        string fullKey = cache.FullKey(BuildKey(args, manager.Options.MaxKeyLength));
        if (binding.Memory is not { } memory)
        {
            return await cache.RememberCoreAsync(fullKey, Ttl, (state, args, compute), static (s, ct) => s.compute(s.state, s.args, ct), cancellationToken).ConfigureAwait(false);
        }

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
            if (index.Entries.TryGetValue(args, out IndexedMemoryEntry<TArgs, TResult>? finished) && memory.IsLive(finished))
            {
                // A caller that finished just before we joined.
                value = finished.Result;
            }
            else if (memory.HasUntypedWrites && memory.TryGetObject(fullKey, out object? stored) && (stored is TResult || (stored is null && default(TResult) is null)))
            {
                // Written through the string API: index it.
                value = (TResult)stored!;
            }
            else
            {
                value = await compute(state, args, cancellationToken).ConfigureAwait(false);
            }

            if (manager.IsEnabled && cache.ExpiryOf(Ttl) is var expiresAt)
            {
                long expiresAtTicks = expiresAt?.UtcTicks ?? long.MaxValue;
                var entry = new IndexedMemoryEntry<TArgs, TResult>(fullKey, value, expiresAtTicks, memory.DeadlineOf(expiresAtTicks), memory.Generation, index, args);
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
