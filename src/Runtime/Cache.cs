using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize;

/// <summary>
/// The cache operations of one named store of a <see cref="CacheManager"/>: prefixes keys, applies the
/// manager's default time to live and enabled state, serializes for byte stores, and shares one computation
/// among concurrent callers of a missing key.
/// </summary>
/// <remarks>
/// In <see cref="Remember{T}"/> and memoized methods a failing store never fails the call: a read failure is a
/// miss and a write failure leaves the value uncached. The other operations report store failures to the caller.
/// </remarks>
public sealed class Cache : ICache
{
    private readonly SingleFlight<string> _flights = new();

    internal Cache(CacheManager manager, string name, ICacheStore store, string storePrefix)
    {
        Manager = manager;
        Name = name;
        Store = store;
        KeyPrefix = manager.Options.KeyPrefix + storePrefix;
        Memory = store as MemoryCacheStore;
        Objects = store as IObjectCacheStore;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>The store behind these operations.</summary>
    public ICacheStore Store { get; }

    /// <summary>The prefix put before every key (the manager's prefix followed by the store's).</summary>
    public string KeyPrefix { get; }

    internal CacheManager Manager { get; }

    internal MemoryCacheStore? Memory { get; }

    internal IObjectCacheStore? Objects { get; }

    internal string FullKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
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
            }
            else
            {
                CacheResult<T> result = Wait(ReadBytesAsync<T>(fullKey, CancellationToken.None));
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

        return ReadBytesAsync<T>(FullKey(key), cancellationToken);
    }

    /// <inheritdoc/>
    public void Put<T>(string key, T value, TimeSpan? ttl = null) => Wait(PutAsync(key, value, ttl));

    /// <inheritdoc/>
    public ValueTask PutAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
        => WriteAsync(FullKey(key), value, ExpiryOf(ttl), cancellationToken);

    /// <inheritdoc/>
    public bool Forget(string key) => Wait(ForgetAsync(key));

    /// <inheritdoc/>
    public ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken = default)
    {
        string fullKey = FullKey(key);
        return Objects is { } objects ? new(objects.Remove(fullKey)) : Store.RemoveAsync(fullKey, cancellationToken);
    }

    /// <inheritdoc/>
    public T Remember<T>(string key, TimeSpan? ttl, Func<T> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Wait(RememberCoreAsync(FullKey(key), ttl, factory, static (f, _) => new ValueTask<T>(f()), CancellationToken.None));
    }

    /// <inheritdoc/>
    public ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return RememberCoreAsync(FullKey(key), ttl, factory, static (f, ct) => f(ct), cancellationToken);
    }

    /// <inheritdoc/>
    public void Flush() => Wait(FlushAsync());

    /// <inheritdoc/>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (Objects is { } objects)
        {
            objects.Clear();
            return ValueTask.CompletedTask;
        }

        return Store.ClearAsync(cancellationToken);
    }

    /// <summary>
    /// The remember logic shared by the public API and generated methods: read; on a miss lead or join the one
    /// computation of <paramref name="fullKey"/>; store its value; never let a store failure fail the call.
    /// </summary>
    internal async ValueTask<T> RememberCoreAsync<TState, T>(string fullKey, TimeSpan? ttl, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken)
    {
        if (!Manager.IsEnabled)
        {
            return await factory(state, cancellationToken).ConfigureAwait(false);
        }

        CacheResult<T> cached = await TryReadForRememberAsync<T>(fullKey, cancellationToken).ConfigureAwait(false);
        if (cached.Found)
        {
            return cached.Value;
        }

        if (!_flights.TryLead(fullKey, out TaskCompletionSource<T>? flight))
        {
            if (flight is not null)
            {
                return await flight.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            // A caller that finished just before we joined may already have stored the value.
            cached = await TryReadForRememberAsync<T>(fullKey, cancellationToken).ConfigureAwait(false);
            IAsyncDisposable? computeLock = null;
            if (!cached.Found && Store is IComputeLockCacheStore locking)
            {
                // Other processes may be computing the same key: wait for their value instead of computing it again.
                computeLock = await TryLockForComputeAsync(locking, fullKey, cancellationToken).ConfigureAwait(false);
                if (computeLock is not null)
                {
                    cached = await TryReadForRememberAsync<T>(fullKey, cancellationToken).ConfigureAwait(false);
                }
            }

            T value;
            try
            {
                value = cached.Found ? cached.Value : await factory(state, cancellationToken).ConfigureAwait(false);
                if (!cached.Found)
                {
                    await TryWriteForRememberAsync(fullKey, value, ttl, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (computeLock is not null)
                {
                    await TryReleaseAsync(computeLock).ConfigureAwait(false);
                }
            }

            if (flight is not null)
            {
                _flights.Complete(fullKey, flight, value);
            }

            return value;
        }
        catch (Exception exception) when (flight is not null)
        {
            _flights.Fail(fullKey, flight, exception);
            throw;
        }
    }

    internal DateTimeOffset? ExpiryOf(TimeSpan? ttl)
    {
        TimeSpan span = ttl ?? Manager.DefaultTtl;
        if (span == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        return span <= TimeSpan.Zero ? DateTimeOffset.MinValue : Manager.TimeProvider.GetUtcNow() + span;
    }

    private async ValueTask<CacheResult<T>> TryReadForRememberAsync<T>(string fullKey, CancellationToken cancellationToken)
    {
        try
        {
            if (Objects is { } objects)
            {
                return objects.TryGetObject(fullKey, out object? stored) && (stored is T || (stored is null && default(T) is null))
                    ? new CacheResult<T>(true, (T)stored!)
                    : CacheResult<T>.Miss;
            }

            return await ReadBytesAsync<T>(fullKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Manager.ReportStoreFailure(this, exception);
            return CacheResult<T>.Miss;
        }
    }

    private async ValueTask<IAsyncDisposable?> TryLockForComputeAsync(IComputeLockCacheStore locking, string fullKey, CancellationToken cancellationToken)
    {
        try
        {
            return await locking.LockForComputeAsync(fullKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Manager.ReportStoreFailure(this, exception);
            return null;
        }
    }

    private async ValueTask TryReleaseAsync(IAsyncDisposable computeLock)
    {
        try
        {
            await computeLock.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The lock expires on its own; a failed release only delays other processes until then.
            Manager.ReportStoreFailure(this, exception);
        }
    }

    private async ValueTask TryWriteForRememberAsync<T>(string fullKey, T value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(fullKey, value, ExpiryOf(ttl), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Manager.ReportStoreFailure(this, exception);
        }
    }

    private async ValueTask<CacheResult<T>> ReadBytesAsync<T>(string fullKey, CancellationToken cancellationToken)
    {
        StoredValue? stored = await Store.GetAsync(fullKey, cancellationToken).ConfigureAwait(false);
        if (stored is not { } found)
        {
            return CacheResult<T>.Miss;
        }

        if (found.ExpiresAt is { } expiresAt && expiresAt <= Manager.TimeProvider.GetUtcNow())
        {
            await Store.RemoveAsync(fullKey, cancellationToken).ConfigureAwait(false);
            return CacheResult<T>.Miss;
        }

        // Bytes that do not read back as T are a miss; the next write replaces them.
        return Manager.Options.Serializer.TryDeserialize(found.Value.Span, out T value)
            ? new CacheResult<T>(true, value)
            : CacheResult<T>.Miss;
    }

    private ValueTask WriteAsync<T>(string fullKey, T value, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (!Manager.IsEnabled)
        {
            return ValueTask.CompletedTask;
        }

        if (expiresAt is { } at && at <= Manager.TimeProvider.GetUtcNow())
        {
            // A lifetime that is already over stores nothing, and a previous value must not outlive it.
            return Objects is { } o ? new ValueTask(Task.FromResult(o.Remove(fullKey))) : IgnoreResult(Store.RemoveAsync(fullKey, cancellationToken));
        }

        if (Objects is { } objects)
        {
            objects.SetObject(fullKey, value, expiresAt);
            return ValueTask.CompletedTask;
        }

        var buffer = new ArrayBufferWriter<byte>();
        Manager.Options.Serializer.Serialize(value, buffer);
        return Store.SetAsync(fullKey, buffer.WrittenMemory, expiresAt, cancellationToken);
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
