using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Memoize.Redis;

/// <summary>
/// Two levels: process memory (L1) in front of a <see cref="RedisCacheStore"/> (L2). Reads try L1, then L2
/// (and keep what they found in L1); writes go to both. Every change and removal (put, forget, flush, tag
/// flush, add, increment, pull) is published on a Redis channel, and every other process using the same
/// namespace evicts its L1 copy, so no process keeps serving a value another one replaced.
/// </summary>
/// <remarks>
/// <para>
/// Through the cache API, L1 holds the serialized bytes, so a hit deserializes (a fresh object per call, as from Redis)
/// but costs no network round trip. Memoized methods keep their values in L1 as live objects instead
/// (<see cref="IFirstLevelCacheStore"/>): a warm call returns the very instance a previous call read or computed, without
/// deserializing or allocating, as on <see cref="MemoryCacheStore"/>. Every invalidation described here removes those
/// too. An L1 entry lives until the entry's own expiry or <see cref="LayeredCacheStoreOptions.LocalDuration"/>, whichever
/// comes first.
/// </para>
/// <para>
/// While Redis is unreachable, L1 keeps serving what it holds and L2 operations fail as described on
/// <see cref="RedisCacheStore"/>. Invalidation messages sent meanwhile are lost, so L1 is emptied whenever the
/// connection comes back.
/// </para>
/// <para>
/// Invalidations made while Redis is unreachable (put, forget, flush, tag flush, and an add, increment or pull that
/// failed) still throw as on <see cref="RedisCacheStore"/>, and are also queued. When Redis answers again they are
/// carried out in Redis (the key deleted, the tag or namespace flushed: a put that failed deletes the old value) and
/// then announced, so no process keeps serving, from its memory or from Redis, a value forgotten during the outage.
/// The queue holds at most <see cref="LayeredCacheStoreOptions.MaxPendingInvalidations"/> keys and tags; beyond that
/// it becomes one flush of the whole namespace (logged once per outage, counted in
/// <see cref="PendingInvalidationsDropped"/>), which keeps that promise at the price of a cold cache.
/// </para>
/// <para>The remote store is not disposed with this one: it may be shared.</para>
/// </remarks>
public sealed partial class LayeredCacheStore : IFirstLevelCacheStore, IAtomicCacheStore, IEnumerableCacheStore, ITaggingCacheStore, IComputeLockCacheStore, ISynchronousCacheStore, IValidatingCacheStore, IDisposable
{
    private static readonly Action<ILogger, Exception?> s_subscribeFailed = LoggerMessage.Define(
        LogLevel.Warning, new EventId(3, "RedisInvalidationSubscribeFailed"), "Could not subscribe to Redis cache invalidations yet; retrying when the connection is back.");

    private readonly RedisCacheStore _remote;
    private readonly MemoryCacheStore _local;
    private readonly LayeredCacheStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private readonly string _sender = Guid.NewGuid().ToString("N");
    private readonly RedisChannel _channel;
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private readonly Action _onRestored;
    private long _invalidations;
    private long _localChanges;
    private long _localHits;
    private int _subscribed;
    private int _subscribing;
    private bool _disposed;

    /// <summary>Creates a layered store over <paramref name="remote"/> and starts listening for invalidations.</summary>
    /// <param name="remote">The Redis level; its namespace is also the invalidation channel's scope.</param>
    /// <param name="options">The memory level's options; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Where a failed subscription is logged; connection outages are logged by <paramref name="remote"/>.</param>
    public LayeredCacheStore(RedisCacheStore remote, LayeredCacheStoreOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(remote);
        _options = options ?? new LayeredCacheStoreOptions();
        _options.Validate();
        _remote = remote;
        _time = remote.TimeProvider;
        _logger = logger;
        _local = new MemoryCacheStore(new MemoryCacheStoreOptions { SizeLimit = _options.LocalSizeLimit }, _time);
        _channel = new RedisChannel(remote.InvalidationChannel, RedisChannel.PatternMode.Literal);
        _onMessage = OnMessage;
        _onRestored = OnRestored;
        _pending = new PendingInvalidationQueue(_options.MaxPendingInvalidations);
        _replayRetry = _time.CreateTimer(static store => ((LayeredCacheStore)store!).RequestReplay(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        remote.Connection.Restored += _onRestored;
        _ = TrySubscribeAsync();
    }

    /// <summary>The Redis level.</summary>
    public RedisCacheStore Remote => _remote;

    /// <inheritdoc/>
    /// <remarks>Holds the serialized bytes of what this store read or wrote, and the live values of memoized methods.</remarks>
    MemoryCacheStore IFirstLevelCacheStore.FirstLevel => _local;

    /// <inheritdoc/>
    long IFirstLevelCacheStore.FirstLevelVersion => Volatile.Read(ref _invalidations);

    /// <summary>How many byte reads were answered from process memory (a memoized method's hit of its live value is not one).</summary>
    public long LocalHits => Interlocked.Read(ref _localHits);

    /// <summary>How many invalidation messages from other processes were applied.</summary>
    public long InvalidationsReceived => Interlocked.Read(ref _invalidations);

    /// <summary>Whether this store currently listens for other processes' invalidations.</summary>
    public bool IsListening => Volatile.Read(ref _subscribed) == 1;

    /// <inheritdoc/>
    /// <remarks>Checks the Redis level, as <see cref="RedisCacheStore.ConnectAsync"/> does (unless its <see cref="RedisCacheStoreOptions.ValidateOnStart"/> is off).</remarks>
    public ValueTask ValidateAsync(CancellationToken cancellationToken = default) => ((IValidatingCacheStore)_remote).ValidateAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
        => TryGetLocal(key) is { } hit ? new ValueTask<StoredValue?>(hit) : GetRemoteAsync(key, cancellationToken);

    /// <inheritdoc/>
    public StoredValue? Get(string key)
    {
        if (TryGetLocal(key) is { } hit)
        {
            return hit;
        }

        long generation = Volatile.Read(ref _invalidations);
        long localChanges = Volatile.Read(ref _localChanges);
        return KeepRemoteRead(key, _remote.Get(key), generation, localChanges);
    }

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        ForgetLocally(key);

        // Read before writing: another process's write that lands after ours must keep us from caching ours.
        long generation = Volatile.Read(ref _invalidations);
        try
        {
            await _remote.SetAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisStoreUnavailableException)
        {
            // Other processes must not go on serving the value this put replaced.
            DeferKey(key, removeInRedis: true);
            throw;
        }

        Written(key, value, expiresAt, generation);
    }

    /// <inheritdoc/>
    public void Set(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt)
    {
        ForgetLocally(key);
        long generation = Volatile.Read(ref _invalidations);
        try
        {
            _remote.Set(key, value, expiresAt);
        }
        catch (RedisStoreUnavailableException)
        {
            DeferKey(key, removeInRedis: true);
            throw;
        }

        Written(key, value, expiresAt, generation);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ForgetLocally(key);
        bool removed;
        try
        {
            removed = await _remote.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisStoreUnavailableException)
        {
            DeferKey(key, removeInRedis: true);
            throw;
        }

        Publish(InvalidationMessage.ForKey(_sender, key));
        return removed;
    }

    /// <inheritdoc/>
    public bool Remove(string key)
    {
        ForgetLocally(key);
        bool removed;
        try
        {
            removed = _remote.Remove(key);
        }
        catch (RedisStoreUnavailableException)
        {
            DeferKey(key, removeInRedis: true);
            throw;
        }

        Publish(InvalidationMessage.ForKey(_sender, key));
        return removed;
    }

    /// <inheritdoc/>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _localChanges);
        _local.Clear();
        long queuedBefore = _pending.Mark();
        try
        {
            await _remote.ClearAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisStoreUnavailableException)
        {
            DeferFlush(clearRedis: true);
            throw;
        }

        _pending.SupersedeUpTo(queuedBefore);
        Publish(InvalidationMessage.ForAll(_sender));
    }

    /// <inheritdoc/>
    public async ValueTask<bool> AddAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        bool added;
        try
        {
            added = await _remote.AddAsync(key, value, expiresAt, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisStoreUnavailableException)
        {
            // A command that timed out may still have been carried out: other processes are told to read it again.
            DeferKey(key, removeInRedis: false);
            throw;
        }

        if (added)
        {
            // Another process may hold an L1 copy of an entry that expired in Redis just before.
            ForgetLocally(key);
            Publish(InvalidationMessage.ForKey(_sender, key));
        }

        return added;
    }

    /// <inheritdoc/>
    public async ValueTask<long> IncrementAsync(string key, long delta, DateTimeOffset? expiresAtIfCreated, CancellationToken cancellationToken = default)
    {
        ForgetLocally(key);
        long value;
        try
        {
            value = await _remote.IncrementAsync(key, delta, expiresAtIfCreated, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisStoreUnavailableException)
        {
            DeferKey(key, removeInRedis: false);
            throw;
        }

        Publish(InvalidationMessage.ForKey(_sender, key));
        return value;
    }

    /// <inheritdoc/>
    public async ValueTask<StoredValue?> PullAsync(string key, CancellationToken cancellationToken = default)
    {
        ForgetLocally(key);
        StoredValue? pulled;
        try
        {
            pulled = await _remote.PullAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisStoreUnavailableException)
        {
            DeferKey(key, removeInRedis: false);
            throw;
        }

        Publish(InvalidationMessage.ForKey(_sender, key));
        return pulled;
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<KeyValuePair<string, StoredValue>> EnumerateAsync(CancellationToken cancellationToken = default)
        => _remote.EnumerateAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask AddTagsAsync(string key, IReadOnlyList<string> tags, DateTimeOffset? keepUntil, CancellationToken cancellationToken = default)
        => _remote.AddTagsAsync(key, tags, keepUntil, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<long> FlushTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        List<string> removed;
        try
        {
            removed = await _remote.FlushTagKeysAsync(tag, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisStoreUnavailableException)
        {
            DeferTag(tag);
            throw;
        }

        foreach (string key in removed)
        {
            ForgetLocally(key);
            Publish(InvalidationMessage.ForKey(_sender, key));
        }

        return removed.Count;
    }

    /// <inheritdoc/>
    public ValueTask<IAsyncDisposable?> LockForComputeAsync(string key, CancellationToken cancellationToken = default)
        => _remote.LockForComputeAsync(key, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(string key, CancellationToken cancellationToken = default)
        => _remote.TryLockForRefreshAsync(key, cancellationToken);

    /// <summary>Stops listening and releases the memory level. The remote store stays open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _remote.Connection.Restored -= _onRestored;
        StopReplaying();
        if (Interlocked.Exchange(ref _subscribed, 0) == 1)
        {
            try
            {
                _remote.Connection.Subscriber()?.Unsubscribe(_channel, _onMessage, CommandFlags.FireAndForget);
            }
            catch (Exception exception) when (RedisConnection.IsConnectionFailure(exception))
            {
                // Nothing to unsubscribe from: the connection is gone.
            }
        }

        _local.Dispose();
    }

    private StoredValue? TryGetLocal(string key)
    {
        ValueTask<StoredValue?> local = _local.GetAsync(key);
        if (local.Result is { } hit)
        {
            Interlocked.Increment(ref _localHits);
            return hit;
        }

        return null;
    }

    private async ValueTask<StoredValue?> GetRemoteAsync(string key, CancellationToken cancellationToken)
    {
        // An invalidation that arrives while Redis answers may concern the value being read: then it is not kept.
        long generation = Volatile.Read(ref _invalidations);
        long localChanges = Volatile.Read(ref _localChanges);
        return KeepRemoteRead(key, await _remote.GetAsync(key, cancellationToken).ConfigureAwait(false), generation, localChanges);
    }

    private StoredValue? KeepRemoteRead(string key, StoredValue? remote, long generation, long localChanges)
    {
        if (!IsListening)
        {
            // Redis answered, so subscribing can work now (it failed while Redis was down at start-up). Subscribing
            // waits for Redis, so it must not run on the client's thread that resumed this read.
            _ = TrySubscribeAsync();
        }
        else if (remote is { } found)
        {
            KeepLocally(key, found.Value.ToArray(), found.ExpiresAt, generation, localChanges);
        }

        if (!_pending.IsEmpty)
        {
            RequestReplay();
        }

        return remote;
    }

    private void Written(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, long generation)
    {
        Publish(InvalidationMessage.ForKey(_sender, key));

        // Counted before it is kept: a read of the old value that answers now must not replace it.
        long localChanges = Interlocked.Increment(ref _localChanges);
        KeepLocally(key, value.ToArray(), expiresAt, generation, localChanges);
    }

    private void KeepLocally(string key, byte[] value, DateTimeOffset? expiresAt, long generation, long localChanges)
    {
        DateTimeOffset localLimit = _time.GetUtcNow() + _options.LocalDuration;
        DateTimeOffset localExpiry = expiresAt is { } at && at < localLimit ? at : localLimit;
        _local.SetObject(key, value, localExpiry);

        // News from elsewhere, or a change made here, since the value was read or written: it may be outdated.
        if (Volatile.Read(ref _invalidations) != generation || Volatile.Read(ref _localChanges) != localChanges || !IsListening)
        {
            _local.Remove(key);
        }
    }

    /// <summary>
    /// Drops this process's copy of <paramref name="key"/> before a change of it, and counts the change: a Redis read
    /// that started before it and answers after it must not put the old value back in memory.
    /// </summary>
    private void ForgetLocally(string key)
    {
        Interlocked.Increment(ref _localChanges);
        _local.Remove(key);
    }

    private void Publish(InvalidationMessage message)
    {
        if (!message.All && !_pending.IsEmpty)
        {
            // This change of the key is newer than any queued invalidation of it, which must not undo it.
            _pending.Supersede(message.Key);
        }

        try
        {
            if (_remote.Connection.Subscriber() is not { } subscriber)
            {
                DeferAnnouncement(message);
                return;
            }

            subscriber.Publish(_channel, message.Encode(), CommandFlags.FireAndForget);
        }
        catch (Exception exception) when (RedisConnection.IsConnectionFailure(exception))
        {
            // The change itself reached Redis; the announcement waits until Redis answers again.
            DeferAnnouncement(message);
            return;
        }

        // The change reached Redis, so Redis is back: what waits from the outage can go too.
        if (!_pending.IsEmpty)
        {
            RequestReplay();
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue payload)
    {
        if (!InvalidationMessage.TryDecode(payload, out InvalidationMessage message) || message.Sender == _sender)
        {
            return;
        }

        Interlocked.Increment(ref _invalidations);
        if (message.All)
        {
            _local.Clear();
        }
        else
        {
            _local.Remove(message.Key);
        }
    }

    private void OnRestored()
    {
        Interlocked.Increment(ref _invalidations);
        _local.Clear();
        _ = TrySubscribeAsync();
        RequestReplay();
    }

    /// <summary>Subscribes unless already listening; a failure is logged and retried on the next reconnection or read.</summary>
    private async Task TrySubscribeAsync()
    {
        if (_disposed || Volatile.Read(ref _subscribed) == 1 || Interlocked.Exchange(ref _subscribing, 1) == 1)
        {
            return;
        }

        try
        {
            if (await _remote.Connection.SubscriberAsync().ConfigureAwait(false) is { } subscriber)
            {
                await subscriber.SubscribeAsync(_channel, _onMessage).ConfigureAwait(false);
                Volatile.Write(ref _subscribed, 1);
            }
        }
        catch (Exception exception) when (RedisConnection.IsConnectionFailure(exception))
        {
            if (_logger is not null)
            {
                s_subscribeFailed(_logger, exception);
            }
        }
        finally
        {
            Volatile.Write(ref _subscribing, 0);
        }
    }
}
