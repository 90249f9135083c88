using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// The cache operations of one named store of a <see cref="CacheManager"/>: prefixes keys, applies the
/// manager's default time to live and enabled state, serializes for byte stores, and shares one computation
/// among concurrent callers of a missing key.
/// </summary>
/// <remarks>
/// In <see cref="Remember{T}(string, TimeSpan?, Func{T})"/> and memoized methods a failing store never fails the call: a read failure is a
/// miss and a write failure leaves the value uncached. The other operations report store failures to the caller.
/// </remarks>
internal sealed partial class NamedCache : ICache
{
    private readonly KeyLocks _locks = new();
    private int _failing;

    internal NamedCache(CacheManager manager, string name, ICacheStore store, string storePrefix)
    {
        Manager = manager;
        Name = name;
        Store = store;
        KeyPrefix = manager.Options.KeyPrefix + storePrefix;
        Memory = MemoryEntryTable.Behind(store);
        Objects = store as IObjectCacheStore;
        Blocking = store as ISynchronousCacheStore;
        Payload = new CachePayload(manager.Options.Serializer, manager.Options.Compression, manager.Options.CompressionThreshold, manager.Options.MaxValueBytes);
        if (Memory is { } memory)
        {
            memory.ObserveEvictions(name, manager.Logger, manager.LogsDebug);
        }
    }

    /// <summary>Marks the store failing; <see langword="true"/> for the first failure of an episode (the one to log).</summary>
    internal bool EnterFailureEpisode() => Interlocked.Exchange(ref _failing, 1) == 0;

    /// <summary>Marks the store working; <see langword="true"/> when it was failing until now.</summary>
    internal bool LeaveFailureEpisode() => Volatile.Read(ref _failing) != 0 && Interlocked.Exchange(ref _failing, 0) != 0;

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The store behind these operations.</summary>
    public ICacheStore Store { get; }

    /// <summary>The prefix put before every key (the manager's prefix followed by the store's).</summary>
    public string KeyPrefix { get; }

    internal CacheManager Manager { get; }

    /// <summary>The entries of a memory store, for its typed indexes and whole-store operations; <see langword="null"/> for other stores.</summary>
    internal MemoryEntryTable? Memory { get; }

    internal IObjectCacheStore? Objects { get; }

    /// <summary>The store's blocking form, used by synchronous calls when the store has one (see <see cref="ISynchronousCacheStore"/>).</summary>
    internal ISynchronousCacheStore? Blocking { get; }

    internal CachePayload Payload { get; }

    private DateTimeOffset Now => Manager.TimeProvider.GetUtcNow();

    internal string FullKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            throw new ArgumentException("A cache key must not be empty.", nameof(key));
        }

        return KeyPrefix.Length == 0 ? key : string.Concat(KeyPrefix, key);
    }

    /// <inheritdoc/>
    public bool TryGet<T>(string key, out T value)
    {
        string fullKey = FullKey(key);
        if (Manager.IsEnabled)
        {
            if (Objects is { } objects)
            {
                if (objects.TryGetObject(fullKey, out object? stored) && stored is T or null && (stored is not null || default(T) is null))
                {
                    value = (T)stored!;
                    return true;
                }

                if (stored is not null && TryConvertStored(stored, out value))
                {
                    return true;
                }
            }
            else
            {
                CacheResult<T> result = Wait(ReadBytesAsync<T>(fullKey, Payload, synchronous: true, CancellationToken.None));
                value = result.Value;
                return result.Found;
            }
        }

        value = default!;
        return false;
    }

    /// <inheritdoc/>
    public ValueTask<CacheResult<T>> TryGetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        if (Objects is not null || !Manager.IsEnabled)
        {
            return new(TryGet(key, out T value) ? new CacheResult<T>(true, value) : CacheResult<T>.Miss);
        }

        return ReadBytesAsync<T>(FullKey(key), Payload, synchronous: false, cancellationToken);
    }

    /// <inheritdoc/>
    public bool Has(string key) => Wait(HasCoreAsync(key, synchronous: true, CancellationToken.None));

    /// <inheritdoc/>
    public ValueTask<bool> HasAsync(string key, CancellationToken cancellationToken = default) => HasCoreAsync(key, synchronous: false, cancellationToken);

    /// <inheritdoc/>
    public void Put<T>(string key, T value, TimeSpan? ttl = null) => Wait(WriteAsync(FullKey(key), value, ExpiryOf(ttl), Payload, synchronous: true, CancellationToken.None));

    /// <inheritdoc/>
    public ValueTask PutAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
        => WriteAsync(FullKey(key), value, ExpiryOf(ttl), cancellationToken);

    /// <inheritdoc/>
    public void Put<T>(string key, T value, DateTimeOffset expiresAt) => Wait(WriteAsync(FullKey(key), value, expiresAt, Payload, synchronous: true, CancellationToken.None));

    /// <inheritdoc/>
    public ValueTask PutAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
        => WriteAsync(FullKey(key), value, expiresAt, cancellationToken);

    /// <inheritdoc/>
    public bool Forget(string key) => Wait(ForgetCoreAsync(key, synchronous: true, CancellationToken.None));

    /// <inheritdoc/>
    public ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken = default) => ForgetCoreAsync(key, synchronous: false, cancellationToken);

    /// <inheritdoc/>
    public T Remember<T>(string key, TimeSpan? ttl, Func<T> factory) => Remember(key, ttl, options: null, factory);

    /// <inheritdoc/>
    public ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
        => RememberAsync(key, ttl, options: null, factory, cancellationToken);

    /// <inheritdoc/>
    public T Remember<T>(string key, TimeSpan? ttl, RememberOptions? options, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ResiliencePolicy.RejectTimeoutsOnSynchronousCall(options, nameof(options));
        ResiliencePolicy policy = Manager.PolicyOf(options);
        return Wait(RememberCoreAsync(FullKey(key), ttl, factory, static (f, _) => new ValueTask<T>(f()), skipStore: null, sliding: false, synchronous: true, method: null, policy, CancellationToken.None));
    }

    /// <inheritdoc/>
    public ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, RememberOptions? options, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ResiliencePolicy policy = Manager.PolicyOf(options);
        return RememberCoreAsync(FullKey(key), ttl, factory, static (f, ct) => f(ct), skipStore: null, sliding: false, synchronous: false, method: null, policy, cancellationToken);
    }

    /// <summary>The computations running on this cache, shared by the remember API and memoized methods.</summary>
    internal RememberFlights Flights { get; } = new();

    /// <summary>Remembers a key of this cache's store with <see cref="Remembering"/>; used by the remember API and memoized methods.</summary>
    /// <param name="fullKey">The prefixed key.</param>
    /// <param name="ttl">The time to live; <see langword="null"/> for the default.</param>
    /// <param name="state">Passed to <paramref name="factory"/> and <paramref name="skipStore"/>.</param>
    /// <param name="factory">Computes the value on a miss.</param>
    /// <param name="skipStore">Returns <see langword="true"/> for a computed value that must not be stored (<c>Unless</c>).</param>
    /// <param name="sliding">Whether a hit writes the value again with a fresh time to live.</param>
    /// <param name="synchronous">Whether a synchronous caller waits for the result: the store's blocking form is used when it has one.</param>
    /// <param name="method">The memoized method (its key prefix) for metrics and logs; <see langword="null"/> for the cache API.</param>
    /// <param name="policy">The call's fail-safe, timeout, eager refresh and jitter options, resolved.</param>
    /// <param name="cancellationToken">Cancels waiting and computing.</param>
    internal ValueTask<T> RememberCoreAsync<TState, T>(string fullKey, TimeSpan? ttl, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, Func<TState, T, bool>? skipStore, bool sliding, bool synchronous, string? method, ResiliencePolicy policy, CancellationToken cancellationToken)
    {
        if (!Manager.IsEnabled)
        {
            return ComputeUncachedAsync(state, factory, cancellationToken);
        }

        return Objects is { } objects
            ? Remembering.RememberAsync<ObjectStoreEntries<T>, EntryRead<T>, TState, T>(new(this, objects, fullKey, ttl, sliding, method, policy), state, factory, skipStore, synchronous, cancellationToken)
            : Remembering.RememberAsync<ByteStoreEntries<T>, StoredValue?, TState, T>(new(this, fullKey, ttl, sliding, method, policy), state, factory, skipStore, synchronous, cancellationToken);
    }

    private static async ValueTask<T> ComputeUncachedAsync<TState, T>(TState state, Func<TState, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken)
        => await factory(state, cancellationToken).ConfigureAwait(false);

    /// <summary>Reports a failed store operation of the remember logic, which then goes on as if it missed.</summary>
    internal bool AbsorbFailure(Exception exception, System.Diagnostics.Activity? activity)
    {
        MemoizeTelemetry.Fail(activity, exception);
        Manager.ReportStoreFailure(this, exception);
        return true;
    }

    /// <summary>
    /// The expiry of a value kept for <paramref name="ttl"/>: <see langword="null"/> for forever
    /// (<see cref="Timeout.InfiniteTimeSpan"/>, or a span too long to represent), <see cref="DateTimeOffset.MinValue"/>
    /// for a lifetime that is already over (zero or negative).
    /// </summary>
    internal DateTimeOffset? ExpiryOf(TimeSpan? ttl)
    {
        TimeSpan span = ttl ?? Manager.DefaultTtl;
        if (span == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        if (span <= TimeSpan.Zero)
        {
            return DateTimeOffset.MinValue;
        }

        DateTimeOffset now = Now;
        return span >= DateTimeOffset.MaxValue - now ? null : now + span;
    }

    /// <summary>
    /// The latest a value written now for <paramref name="ttl"/> under <paramref name="policy"/> may be kept: its time to
    /// live plus the most jitter and the fail-safe margin. Tag memberships last at least this long, so flushing a tag
    /// also reaches values kept as fail-safe fallbacks.
    /// </summary>
    internal DateTimeOffset? KeptExpiryOf(TimeSpan? ttl, ResiliencePolicy policy)
    {
        DateTimeOffset? expiresAt = ExpiryOf(ttl);
        if (expiresAt is not { } at || at == DateTimeOffset.MinValue)
        {
            return expiresAt;
        }

        TimeSpan margin = policy.FailSafe + policy.Jitter;
        return margin >= DateTimeOffset.MaxValue - at ? null : at + margin;
    }

    /// <summary>Reads a value by its full key, whatever the kind of store; the caller has checked the enabled state.</summary>
    private ValueTask<CacheResult<T>> ReadAsync<T>(string fullKey, bool synchronous, CancellationToken cancellationToken)
        => Objects is { } objects ? new(ReadObject<T>(objects, fullKey)) : ReadBytesAsync<T>(fullKey, Payload, synchronous, cancellationToken);

    /// <summary>
    /// Reads an object for the remember algorithm: on the memory store an entry past its time to live that fail-safe
    /// keeps is found too, as stale; another object store has fresh entries only.
    /// </summary>
    internal EntryRead<T> ReadKeptObject<T>(IObjectCacheStore objects, string fullKey)
    {
        if (Memory is not { } memory)
        {
            CacheResult<T> fresh = ReadObject<T>(objects, fullKey);
            return fresh.Found ? EntryRead<T>.FreshHit(fresh.Value) : EntryRead<T>.Miss;
        }

        if (!memory.TryGetKept(fullKey, out MemoryEntry? entry))
        {
            return EntryRead<T>.Miss;
        }

        CacheResult<T> converted = ConvertObject<T>(entry.Value);
        return converted.Found ? new EntryRead<T>(memory.StateOf(entry), converted.Value, entry.Timing) : EntryRead<T>.Miss;
    }

    internal CacheResult<T> ReadObject<T>(IObjectCacheStore objects, string fullKey)
        => objects.TryGetObject(fullKey, out object? stored) ? ConvertObject<T>(stored) : CacheResult<T>.Miss;

    private CacheResult<T> ConvertObject<T>(object? stored)
    {
        if (stored is T typed)
        {
            return new CacheResult<T>(true, typed);
        }

        if (stored is null)
        {
            return default(T) is null ? new CacheResult<T>(true, default!) : CacheResult<T>.Miss;
        }

        return TryConvertStored(stored, out T value) ? new CacheResult<T>(true, value) : CacheResult<T>.Miss;
    }

    /// <summary>
    /// An object store may hold an integer of another width (counters are kept as <see cref="long"/>) or the
    /// payload bytes copied from a byte store; both read back as <typeparamref name="T"/> when they can.
    /// </summary>
    private bool TryConvertStored<T>(object stored, out T value)
    {
        if (IntegerValue.TryGetInt64(stored, out long number))
        {
            return IntegerValue.TryConvert(number, out value);
        }

        if (stored is byte[] bytes)
        {
            return Payload.TryDecode(bytes, out value);
        }

        value = default!;
        return false;
    }

    private async ValueTask<CacheResult<T>> ReadBytesAsync<T>(string fullKey, CachePayload payload, bool synchronous, CancellationToken cancellationToken)
    {
        // Not through ReadLiveBytesAsync: a read from a network store then suspends one method of ours, not two.
        StoredValue? stored = await GetFromStoreAsync(fullKey, synchronous, cancellationToken).ConfigureAwait(false);
        return Decode<T>(await LiveOrRemovedAsync(stored, fullKey, synchronous, cancellationToken).ConfigureAwait(false), payload);
    }

    /// <summary>
    /// Decodes stored bytes for the remember algorithm: fresh, due a refresh, or (past the fresh end the payload carries)
    /// a stale fail-safe fallback.
    /// </summary>
    internal EntryRead<T> DecodeEntry<T>(StoredValue? stored)
    {
        if (stored is not { } found || !Payload.TryDecode(found.Value.Span, out T value))
        {
            return EntryRead<T>.Miss;
        }

        long keptUntil = found.ExpiresAt?.UtcTicks ?? long.MaxValue;
        EntryTiming timing = CachePayloadFormat.TryReadTiming(found.Value.Span, out long freshUntil, out long refreshAt)
            ? new EntryTiming(Math.Min(freshUntil, keptUntil), refreshAt, keptUntil)
            : EntryTiming.Plain(keptUntil);
        return new EntryRead<T>(timing.StateAt(Now.UtcTicks), value, timing);
    }

    /// <summary>Whether stored bytes are past the fresh end their payload carries: kept as a fallback, absent to the string API.</summary>
    private bool IsStale(ReadOnlySpan<byte> bytes) => CachePayloadFormat.TryReadTiming(bytes, out long freshUntil, out _) && freshUntil <= Now.UtcTicks;

    private CacheResult<T> Decode<T>(StoredValue? stored, CachePayload payload)
    {
        if (stored is not { } found || IsStale(found.Value.Span))
        {
            return CacheResult<T>.Miss;
        }

        // Bytes that do not read back as T (corrupt, another schema) are a miss; the next write replaces them.
        return payload.TryDecode(found.Value.Span, out T value) ? new CacheResult<T>(true, value) : CacheResult<T>.Miss;
    }

    private bool IsExpired(StoredValue? stored) => stored is { ExpiresAt: { } expiresAt } && expiresAt <= Now;

    /// <summary>The stored bytes when they exist and have not expired; an expired entry is removed.</summary>
    private async ValueTask<StoredValue?> ReadLiveBytesAsync(string fullKey, bool synchronous, CancellationToken cancellationToken)
        => await LiveOrRemovedAsync(await GetFromStoreAsync(fullKey, synchronous, cancellationToken).ConfigureAwait(false), fullKey, synchronous, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// <paramref name="stored"/> when it has not expired; otherwise removes it and gives <see langword="null"/>.
    /// Completes at once (no suspension) unless there is an expired entry to remove.
    /// </summary>
    internal ValueTask<StoredValue?> LiveOrRemovedAsync(StoredValue? stored, string fullKey, bool synchronous, CancellationToken cancellationToken)
        => IsExpired(stored) ? RemoveExpiredAsync(fullKey, synchronous, cancellationToken) : new(stored);

    private async ValueTask<StoredValue?> RemoveExpiredAsync(string fullKey, bool synchronous, CancellationToken cancellationToken)
    {
        await RemoveFromStoreAsync(fullKey, synchronous, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private ValueTask<bool> HasCoreAsync(string key, bool synchronous, CancellationToken cancellationToken)
    {
        string fullKey = FullKey(key);
        if (!Manager.IsEnabled)
        {
            return new(false);
        }

        return Objects is { } objects ? new(objects.TryGetObject(fullKey, out _)) : HasBytesAsync(fullKey, synchronous, cancellationToken);
    }

    private ValueTask<bool> ForgetCoreAsync(string key, bool synchronous, CancellationToken cancellationToken)
    {
        string fullKey = FullKey(key);
        if (!Manager.IsEnabled)
        {
            return new(false);
        }

        return Objects is { } objects ? new(objects.Remove(fullKey)) : RemoveFromStoreAsync(fullKey, synchronous, cancellationToken);
    }

    private async ValueTask<bool> HasBytesAsync(string fullKey, bool synchronous, CancellationToken cancellationToken)
        => await ReadLiveBytesAsync(fullKey, synchronous, cancellationToken).ConfigureAwait(false) is { } found && CachePayload.IsReadable(found.Value.Span) && !IsStale(found.Value.Span);

    /// <summary>
    /// The three byte-store operations, in the store's blocking form for a synchronous caller when it has one: a
    /// blocking call completes without a pool thread, so callers blocked on a stalled store cannot starve the pool.
    /// </summary>
    internal ValueTask<StoredValue?> GetFromStoreAsync(string fullKey, bool synchronous, CancellationToken cancellationToken)
        => synchronous && Blocking is { } blocking ? new(blocking.Get(fullKey)) : Store.GetAsync(fullKey, cancellationToken);

    private ValueTask SetInStoreAsync(string fullKey, byte[] bytes, DateTimeOffset? expiresAt, bool synchronous, CancellationToken cancellationToken)
    {
        if (synchronous && Blocking is { } blocking)
        {
            blocking.Set(fullKey, bytes, expiresAt);
            return ValueTask.CompletedTask;
        }

        return Store.SetAsync(fullKey, bytes, expiresAt, cancellationToken);
    }

    private ValueTask<bool> RemoveFromStoreAsync(string fullKey, bool synchronous, CancellationToken cancellationToken)
        => synchronous && Blocking is { } blocking ? new(blocking.Remove(fullKey)) : Store.RemoveAsync(fullKey, cancellationToken);

    private ValueTask WriteAsync<T>(string fullKey, T value, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
        => WriteAsync(fullKey, value, expiresAt, Payload, synchronous: false, cancellationToken);

    /// <summary>
    /// Writes a value with its whole lifetime: the store keeps it until the physical end; a fresh end or refresh moment
    /// before that is carried by the memory entry or, in a byte store, by the payload.
    /// </summary>
    internal ValueTask WriteAsync<T>(string fullKey, T value, in EntryTiming timing, bool synchronous, CancellationToken cancellationToken)
    {
        if (timing.IsPlain)
        {
            return WriteAsync(fullKey, value, timing.KeptUntilTime, Payload, synchronous, cancellationToken);
        }

        if (!Manager.IsEnabled)
        {
            return ValueTask.CompletedTask;
        }

        if (timing.KeptUntil <= Now.UtcTicks)
        {
            return WriteAsync(fullKey, value, timing.KeptUntilTime, Payload, synchronous, cancellationToken);
        }

        if (Memory is { } memory)
        {
            memory.SetObject(fullKey, value, timing);
            return ValueTask.CompletedTask;
        }

        if (Objects is { } objects)
        {
            // An object store of the application's own cannot tell fresh from kept: it keeps the value while fresh.
            objects.SetObject(fullKey, value, new DateTimeOffset(timing.FreshUntil, TimeSpan.Zero));
            return ValueTask.CompletedTask;
        }

        byte[] bytes = Payload.Encode(value, timing);
        if (IsOversized(bytes))
        {
            return IgnoreResult(RemoveFromStoreAsync(fullKey, synchronous, cancellationToken));
        }

        return SetInStoreAsync(fullKey, bytes, timing.KeptUntilTime, synchronous, cancellationToken);
    }

    internal ValueTask WriteAsync<T>(string fullKey, T value, DateTimeOffset? expiresAt, CachePayload payload, bool synchronous, CancellationToken cancellationToken)
    {
        if (!Manager.IsEnabled)
        {
            return ValueTask.CompletedTask;
        }

        if (expiresAt is { } at && at <= Now)
        {
            // A lifetime that is already over stores nothing, and a previous value must not outlive it.
            return Objects is { } o ? new ValueTask(Task.FromResult(o.Remove(fullKey))) : IgnoreResult(RemoveFromStoreAsync(fullKey, synchronous, cancellationToken));
        }

        if (Objects is { } objects)
        {
            objects.SetObject(fullKey, value, expiresAt);
            return ValueTask.CompletedTask;
        }

        byte[] bytes = payload.Encode(value);
        if (IsOversized(bytes))
        {
            // Not cached; and the previous value must not be read in its place.
            return IgnoreResult(RemoveFromStoreAsync(fullKey, synchronous, cancellationToken));
        }

        return SetInStoreAsync(fullKey, bytes, expiresAt, synchronous, cancellationToken);
    }

    /// <summary>Whether a payload is over <see cref="CacheManagerOptions.MaxValueBytes"/>; such a payload is counted and never stored.</summary>
    internal bool IsOversized(byte[] bytes)
    {
        if (bytes.Length <= Manager.Options.MaxValueBytes)
        {
            return false;
        }

        Manager.ReportOversizedValue();
        return true;
    }

    private static async ValueTask IgnoreResult(ValueTask<bool> task) => await task.ConfigureAwait(false);

    /// <summary>Completes a store operation synchronously. Stores never capture a synchronization context, so this cannot deadlock on one.</summary>
    internal static T Wait<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    internal static void Wait(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            task.AsTask().GetAwaiter().GetResult();
        }
    }
}
