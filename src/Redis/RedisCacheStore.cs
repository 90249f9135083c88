using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using StackExchange.Redis;

namespace Memoize.Redis;

/// <summary>
/// A cache store in Redis (a single server or a Redis Cluster), shared by every process that uses the same
/// Redis and key namespace. An entry is a hash of its bytes (<c>v</c>) and its expiry on the store's clock
/// (<c>x</c>), with a Redis TTL of the same length: a read is one HMGET, increment is HINCRBY (which keeps the
/// expiry), add, put and pull are single-key scripts, tags are sets, and flush is SCAN over the namespace on every
/// master.
/// </summary>
/// <remarks>
/// <para>
/// Failures: when Redis cannot be reached an operation throws <see cref="RedisStoreUnavailableException"/>, the
/// outage is logged once and counted (<see cref="Outages"/>), and a circuit breaker makes further calls fail at
/// once until <see cref="RedisCacheStoreOptions.BreakDuration"/> has passed and a probing call succeeds.
/// Memoized methods and remember logic turn these failures into misses and compute; direct calls see them.
/// The client reconnects by itself when Redis returns.
/// </para>
/// <para>
/// Synchronous cache calls use the client's blocking commands (<see cref="ISynchronousCacheStore"/>), which wait on
/// the caller's thread for at most <see cref="RedisCacheStoreOptions.OperationTimeout"/>: a stalled Redis cannot
/// starve the thread pool of the threads the asynchronous timeouts need.
/// </para>
/// <para>
/// Configuration: a store connects on its first operation, so a wrong password alone would only make every
/// memoized call compute. <see cref="ConnectAsync"/> connects at once and throws <see cref="MemoizeConfigurationException"/>
/// when Redis refuses the configuration (password, TLS, database); a host does it at start-up for the stores
/// registered with <c>AddMemoize</c> (see <see cref="RedisCacheStoreOptions.ValidateOnStart"/>).
/// </para>
/// <para>Built on StackExchange.Redis 1.2.6, which is an implementation detail: no public member exposes its types.</para>
/// </remarks>
public sealed class RedisCacheStore : IAtomicCacheStore, IEnumerableCacheStore, ITaggingCacheStore, IComputeLockCacheStore, ISynchronousCacheStore, IValidatingCacheStore, IDisposable
{
    internal const string TagSegment = "__tag:";
    internal const string LockSegment = "__lock:";
    private const int ScanPageSize = 500;
    private const int DeleteBatchSize = 256;
    private static readonly RedisValue[] s_entryFields = ["v", "x"];

    private readonly RedisConnection _connection;
    private readonly RedisCacheStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _namespace;
    private readonly RedisValue _slidingMilliseconds;
    private long _hits;
    private long _misses;

    /// <summary>Creates a store for the Redis at <paramref name="configuration"/>, with default options otherwise.</summary>
    /// <param name="configuration">Endpoints and options, for example <c>"127.0.0.1:6379,password=secret"</c>.</param>
    public RedisCacheStore(string configuration)
        : this(new RedisCacheStoreOptions { Configuration = configuration })
    {
    }

    /// <summary>Creates a store. Nothing connects until the first operation or <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">Where Redis is and how to use it.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public RedisCacheStore(RedisCacheStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = options.TimeProvider;
        _namespace = options.KeyNamespace;
        _connection = new RedisConnection(options);
        _slidingMilliseconds = options.SlidingExpiration is { } sliding ? (long)Math.Ceiling(sliding.TotalMilliseconds) : RedisValue.Null;
    }

    /// <summary>The prefix of every key this store writes.</summary>
    public string KeyNamespace => _namespace;

    /// <summary>How many reads found a value.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many reads found nothing.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>How many operations failed because Redis could not be reached (including those refused by the open circuit breaker).</summary>
    public long Failures => _connection.Failures;

    /// <summary>How many outages began: each is logged once, however many calls fail during it.</summary>
    public long Outages => _connection.Outages;

    /// <summary>Whether the circuit breaker is open: Redis failed recently and calls are refused without trying it.</summary>
    public bool IsUnavailable => _connection.IsBroken;

    internal RedisConnection Connection => _connection;

    internal TimeProvider TimeProvider => _time;

    internal string InvalidationChannel => _namespace + "__invalidate";

    /// <summary>
    /// Connects to Redis now and checks that it accepts this store's configuration, with one read-only command on
    /// the store's database. When Redis cannot be reached this is not an error: the outage is logged once (as for any
    /// call), memoized calls compute, and the store connects when Redis is back. Waits at most about
    /// <see cref="RedisCacheStoreOptions.ConnectTimeout"/> plus <see cref="RedisCacheStoreOptions.OperationTimeout"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when Redis has answered, or has been found unreachable.</returns>
    /// <exception cref="MemoizeConfigurationException">
    /// Redis answered and refused the configuration: a wrong password, none where Redis requires one, a TLS handshake
    /// that failed (an untrusted certificate, a wrong <c>sslHost</c>), a database index Redis does not have, or a user
    /// without permission. The message names the endpoints and the setting to check; it never contains the password.
    /// </exception>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken = default)
        => await _connection.ValidateAsync(StoreKey("__connect"), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <remarks>Does what <see cref="ConnectAsync"/> does, unless <see cref="RedisCacheStoreOptions.ValidateOnStart"/> is off.</remarks>
    ValueTask IValidatingCacheStore.ValidateAsync(CancellationToken cancellationToken)
        => _options.ValidateOnStart ? ConnectAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <inheritdoc/>
    public async ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        (IDatabase database, bool probe) = await _connection.EnterDatabaseAsync().ConfigureAwait(false);
        RedisKey redisKey = StoreKey(key);
        try
        {
            // One native command for the bytes and their expiry. The client checks its timeouts only now and then,
            // so a stalled server would hold the read far longer than the operation timeout; the wait bounds it.
            RedisValue[] entry = _slidingMilliseconds.IsNull
                ? await database.HashGetAsync(redisKey, s_entryFields).WaitAsync(_options.OperationTimeout).ConfigureAwait(false)
                : (RedisValue[])(await database.ScriptEvaluateAsync(RedisScripts.GetSliding, [redisKey], [NowMilliseconds(), _slidingMilliseconds]).WaitAsync(_options.OperationTimeout).ConfigureAwait(false))!;
            _connection.Succeeded(probe);
            return CountRead(entry);
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <inheritdoc/>
    public StoredValue? Get(string key)
    {
        IDatabase database = _connection.EnterDatabase(out bool probe);
        RedisKey redisKey = StoreKey(key);
        try
        {
            // The client's blocking command waits on this thread, bounded by its sync timeout (the operation timeout).
            RedisValue[] entry = _slidingMilliseconds.IsNull
                ? database.HashGet(redisKey, s_entryFields)
                : (RedisValue[])database.ScriptEvaluate(RedisScripts.GetSliding, [redisKey], [NowMilliseconds(), _slidingMilliseconds])!;
            _connection.Succeeded(probe);
            return CountRead(entry);
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <inheritdoc/>
    public void Set(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt)
    {
        IDatabase database = _connection.EnterDatabase(out bool probe);
        try
        {
            if (IsOver(expiresAt))
            {
                database.KeyDelete(StoreKey(key));
            }
            else
            {
                database.ScriptEvaluate(RedisScripts.Set, [StoreKey(key)], SetArguments(value, expiresAt));
            }

            _connection.Succeeded(probe);
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <inheritdoc/>
    public bool Remove(string key)
    {
        IDatabase database = _connection.EnterDatabase(out bool probe);
        try
        {
            bool removed = database.KeyDelete(StoreKey(key));
            _connection.Succeeded(probe);
            return removed;
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        (IDatabase database, bool probe) = await _connection.EnterDatabaseAsync().ConfigureAwait(false);
        try
        {
            if (IsOver(expiresAt))
            {
                await database.KeyDeleteAsync(StoreKey(key)).WaitAsync(_options.OperationTimeout).ConfigureAwait(false);
            }
            else
            {
                await database.ScriptEvaluateAsync(RedisScripts.Set, [StoreKey(key)], SetArguments(value, expiresAt)).WaitAsync(_options.OperationTimeout).ConfigureAwait(false);
            }

            _connection.Succeeded(probe);
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        (IDatabase database, bool probe) = await _connection.EnterDatabaseAsync().ConfigureAwait(false);
        try
        {
            bool removed = await database.KeyDeleteAsync(StoreKey(key)).WaitAsync(_options.OperationTimeout).ConfigureAwait(false);
            _connection.Succeeded(probe);
            return removed;
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <summary>
    /// Deletes every key under <see cref="KeyNamespace"/> (entries, tag sets, locks), found with SCAN on every
    /// master node. Keys outside the namespace are never touched; FLUSHDB is never used.
    /// </summary>
    /// <param name="cancellationToken">Cancels the flush between batches.</param>
    /// <returns>A task that completes when the namespace is empty.</returns>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default) => await ClearCountAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<bool> AddAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        TimeSpan? ttl = TimeToLive(expiresAt);
        if (ttl is { } span && span <= TimeSpan.Zero)
        {
            return false;
        }

        (IDatabase database, bool probe) = await _connection.EnterDatabaseAsync().ConfigureAwait(false);
        try
        {
            RedisResult result = await database.ScriptEvaluateAsync(RedisScripts.Add, [StoreKey(key)], [ToArray(value), .. ExpiryArguments(expiresAt), NowMilliseconds()]).ConfigureAwait(false);
            bool added = (long)result == 1;
            _connection.Succeeded(probe);
            return added;
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<long> IncrementAsync(string key, long delta, DateTimeOffset? expiresAtIfCreated, CancellationToken cancellationToken = default)
    {
        (IDatabase database, bool probe) = await _connection.EnterDatabaseAsync().ConfigureAwait(false);
        try
        {
            RedisResult result = await database.ScriptEvaluateAsync(RedisScripts.Increment, [StoreKey(key)], [delta, .. ExpiryArguments(expiresAtIfCreated), NowMilliseconds()]).ConfigureAwait(false);
            _connection.Succeeded(probe);
            return long.Parse((string)result!, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("not an integer", StringComparison.Ordinal))
        {
            _connection.Succeeded(probe);
            throw new InvalidOperationException($"The value under the key '{key}' is not an integer, so it cannot be incremented.", exception);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("overflow", StringComparison.Ordinal))
        {
            _connection.Succeeded(probe);
            throw new OverflowException($"Adding {delta} to the value under the key '{key}' overflows a 64-bit integer.", exception);
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<StoredValue?> PullAsync(string key, CancellationToken cancellationToken = default)
    {
        (IDatabase database, bool probe) = await _connection.EnterDatabaseAsync().ConfigureAwait(false);
        try
        {
            RedisResult result = await database.ScriptEvaluateAsync(RedisScripts.Pull, [StoreKey(key)], [NowMilliseconds()]).ConfigureAwait(false);
            _connection.Succeeded(probe);
            if (result.IsNull)
            {
                return null;
            }

            var entry = (RedisValue[])result!;
            return ToStoredValue(entry[0], entry[1]);
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<KeyValuePair<string, StoredValue>> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        (ConnectionMultiplexer multiplexer, bool probe) = await _connection.EnterAsync().ConfigureAwait(false);
        List<IServer> masters;
        try
        {
            masters = _connection.Masters(multiplexer);
            _connection.Succeeded(probe);
            probe = false;
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }

        IDatabase database = multiplexer.GetDatabase(_connection.Database);
        foreach (IServer master in masters)
        {
            List<string> storeKeys;
            try
            {
                storeKeys = await ScanNamespaceAsync(master).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                throw _connection.Failed(exception, probe);
            }

            foreach (string storeKey in storeKeys)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string key = storeKey.Substring(_namespace.Length);
                if (IsReserved(key))
                {
                    continue;
                }

                StoredValue? stored;
                try
                {
                    RedisValue[] entry = await database.HashGetAsync(storeKey, s_entryFields).ConfigureAwait(false);
                    stored = entry.Length == 0 || entry[0].IsNull ? null : ToStoredValue(entry[0], entry[1]);
                }
                catch (Exception exception)
                {
                    throw _connection.Failed(exception, probe);
                }

                if (stored is { } found)
                {
                    yield return new KeyValuePair<string, StoredValue>(key, found);
                }
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A tag set gets a Redis TTL: the latest time asked of it over all its keys, or none while any key asked for
    /// none. With <see cref="RedisCacheStoreOptions.SlidingExpiration"/> entries outlive any time known at writing,
    /// so tag sets are kept until flushed.
    /// </remarks>
    public async ValueTask AddTagsAsync(string key, IReadOnlyList<string> tags, DateTimeOffset? keepUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        (IDatabase database, bool probe) = await _connection.EnterDatabaseAsync().ConfigureAwait(false);
        try
        {
            RedisValue member = _namespace + key;
            long keepMilliseconds = keepUntil is { } until && _slidingMilliseconds.IsNull
                ? Math.Max(1L, (long)Math.Ceiling((until - _time.GetUtcNow()).TotalMilliseconds))
                : -1L;
            var added = new Task[tags.Count];
            for (int i = 0; i < tags.Count; i++)
            {
                added[i] = database.ScriptEvaluateAsync(RedisScripts.AddTag, [TagKey(tags[i])], [member, keepMilliseconds]);
            }

            await Task.WhenAll(added).ConfigureAwait(false);
            _connection.Succeeded(probe);
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<long> FlushTagAsync(string tag, CancellationToken cancellationToken = default)
        => (await FlushTagKeysAsync(tag, cancellationToken).ConfigureAwait(false)).Count;

    /// <inheritdoc/>
    public async ValueTask<IAsyncDisposable?> LockForComputeAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!_options.DistributedLock)
        {
            return null;
        }

        RedisKey lockKey = _namespace + LockSegment + key;
        RedisKey valueKey = StoreKey(key);
        RedisValue token = Guid.NewGuid().ToString("N");
        long deadline = _time.GetTimestamp() + (long)(_options.LockWait.TotalSeconds * _time.TimestampFrequency);
        int pause = 5;
        while (true)
        {
            (IDatabase database, bool probe) = await _connection.EnterDatabaseAsync().ConfigureAwait(false);
            bool taken;
            bool valueArrived = false;
            try
            {
                taken = await database.StringSetAsync(lockKey, token, _options.LockExpiry, When.NotExists).ConfigureAwait(false);
                if (!taken)
                {
                    valueArrived = await database.KeyExistsAsync(valueKey).ConfigureAwait(false);
                }

                _connection.Succeeded(probe);
            }
            catch (Exception exception)
            {
                throw _connection.Failed(exception, probe);
            }

            if (taken)
            {
                return new ComputeLock(this, lockKey, token);
            }

            // The holder stored its value: the caller reads it without locking. Out of patience: the caller computes.
            if (valueArrived || _time.GetTimestamp() >= deadline)
            {
                return NoLock.Instance;
            }

            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = Math.Min(pause * 2, 50);
        }
    }

    /// <summary>Closes the connection. Idempotent.</summary>
    public void Dispose() => _connection.Dispose();

    /// <summary>Removes the entries carrying <paramref name="tag"/> and returns their keys (without the namespace).</summary>
    internal async ValueTask<List<string>> FlushTagKeysAsync(string tag, CancellationToken cancellationToken)
    {
        (IDatabase database, bool probe) = await _connection.EnterDatabaseAsync().ConfigureAwait(false);
        try
        {
            RedisKey tagKey = TagKey(tag);
            RedisValue[] members = await database.SetMembersAsync(tagKey).ConfigureAwait(false);
            var removed = new List<string>(members.Length);
            if (members.Length > 0)
            {
                // Remove just these members: a key tagged meanwhile keeps its membership. Each key is deleted on
                // its own because on a cluster the entries live in other slots than the tag's set.
                var deletions = new Task<bool>[members.Length];
                for (int i = 0; i < members.Length; i++)
                {
                    deletions[i] = database.KeyDeleteAsync((string)members[i]!);
                }

                await database.SetRemoveAsync(tagKey, members).ConfigureAwait(false);
                bool[] deleted = await Task.WhenAll(deletions).ConfigureAwait(false);
                for (int i = 0; i < members.Length; i++)
                {
                    if (deleted[i])
                    {
                        removed.Add(((string)members[i]!).Substring(_namespace.Length));
                    }
                }
            }

            _connection.Succeeded(probe);
            return removed;
        }
        catch (Exception exception)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <summary>Deletes every key of the namespace on every master and returns how many there were.</summary>
    internal async ValueTask<long> ClearCountAsync(CancellationToken cancellationToken)
    {
        (ConnectionMultiplexer multiplexer, bool probe) = await _connection.EnterAsync().ConfigureAwait(false);
        try
        {
            IDatabase database = multiplexer.GetDatabase(_connection.Database);
            long deleted = 0;
            var batch = new List<Task<bool>>(DeleteBatchSize);
            foreach (IServer master in _connection.Masters(multiplexer))
            {
                foreach (string storeKey in await ScanNamespaceAsync(master).ConfigureAwait(false))
                {
                    batch.Add(database.KeyDeleteAsync(storeKey));
                    if (batch.Count == DeleteBatchSize)
                    {
                        deleted += await CountDeleted(batch).ConfigureAwait(false);
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }

            deleted += await CountDeleted(batch).ConfigureAwait(false);
            _connection.Succeeded(probe);
            return deleted;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw _connection.Failed(exception, probe);
        }
    }

    /// <summary>
    /// The store's database on its connected multiplexer, for the Redis hit benchmark: its hand-written read shares the
    /// store's connection, since two connections in one process differ in round trip by more than the code measured.
    /// </summary>
    internal IDatabase ConnectedDatabase()
    {
        IDatabase database = _connection.EnterDatabase(out bool probe);
        _connection.Succeeded(probe);
        return database;
    }

    internal RedisKey StoreKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _namespace.Length == 0 ? key : string.Concat(_namespace, key);
    }

    private RedisKey TagKey(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return string.Concat(_namespace, TagSegment, tag);
    }

    private static bool IsReserved(string key) => key.StartsWith(TagSegment, StringComparison.Ordinal) || key.StartsWith(LockSegment, StringComparison.Ordinal);

    /// <summary>
    /// The keys of the namespace on one node, found with SCAN. The client's SCAN is synchronous, so it runs on
    /// a pool thread of its own rather than on whatever thread resumed the caller.
    /// </summary>
    private Task<List<string>> ScanNamespaceAsync(IServer master) => Task.Run(() =>
    {
        var keys = new List<string>();
        foreach (RedisKey key in master.Keys(_connection.Database, EscapeGlob(_namespace) + "*", ScanPageSize))
        {
            keys.Add((string)key!);
        }

        return keys;
    });

    private static async Task<long> CountDeleted(List<Task<bool>> batch)
    {
        long deleted = 0;
        foreach (bool removed in await Task.WhenAll(batch).ConfigureAwait(false))
        {
            deleted += removed ? 1 : 0;
        }

        batch.Clear();
        return deleted;
    }

    private static string EscapeGlob(string text)
    {
        var escaped = new StringBuilder(text.Length + 4);
        foreach (char c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private TimeSpan? TimeToLive(DateTimeOffset? expiresAt) => expiresAt is { } at ? at - _time.GetUtcNow() : null;

    private bool IsOver(DateTimeOffset? expiresAt) => TimeToLive(expiresAt) is { } ttl && ttl <= TimeSpan.Zero;

    private RedisValue[] SetArguments(ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt) => [ToArray(value), .. ExpiryArguments(expiresAt)];

    /// <summary>The entry an HMGET (or the sliding read script) returned, counted as a hit or a miss.</summary>
    private StoredValue? CountRead(RedisValue[] entry)
    {
        if (entry.Length == 0 || entry[0].IsNull)
        {
            Interlocked.Increment(ref _misses);
            return null;
        }

        Interlocked.Increment(ref _hits);
        return ToStoredValue(entry[0], entry[1]);
    }

    private long NowMilliseconds() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The expiry (Unix milliseconds of the store's clock) and the Redis TTL of an entry, or two empty strings for never.</summary>
    private RedisValue[] ExpiryArguments(DateTimeOffset? expiresAt)
    {
        if (expiresAt is not { } at)
        {
            return [RedisValue.EmptyString, RedisValue.EmptyString];
        }

        long ttl = Math.Max(1L, (long)Math.Ceiling((at - _time.GetUtcNow()).TotalMilliseconds));
        return [at.ToUnixTimeMilliseconds(), ttl];
    }

    private static StoredValue ToStoredValue(RedisValue value, RedisValue expiry)
        => new((byte[])value!, expiry.IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)expiry));

    private static byte[] ToArray(ReadOnlyMemory<byte> value)
        => MemoryMarshal.TryGetArray(value, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class ComputeLock(RedisCacheStore store, RedisKey lockKey, RedisValue token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            (IDatabase database, bool probe) = await store._connection.EnterDatabaseAsync().ConfigureAwait(false);
            try
            {
                await database.ScriptEvaluateAsync(RedisScripts.ReleaseLock, [lockKey], [token]).ConfigureAwait(false);
                store._connection.Succeeded(probe);
            }
            catch (Exception exception)
            {
                throw store._connection.Failed(exception, probe);
            }
        }
    }
}
