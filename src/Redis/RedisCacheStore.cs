using System;
using System.Collections.Generic;
using System.Globalization;
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
/// Every command, synchronous or asynchronous, waits at most <see cref="RedisCacheStoreOptions.OperationTimeout"/>.
/// Synchronous cache calls (<see cref="ISynchronousCacheStore"/>) wait on the caller's thread without needing a pool
/// thread to end the wait, so a stalled Redis cannot starve the thread pool of the threads the asynchronous timeouts need.
/// </para>
/// <para>
/// Configuration: a store connects on its first operation, so a wrong password alone would only make every
/// memoized call compute. <see cref="ConnectAsync"/> connects at once and throws <see cref="MemoizeConfigurationException"/>
/// when Redis refuses the configuration (password, TLS, database); a host does it at start-up for the stores
/// registered with <c>AddMemoize</c> (see <see cref="RedisCacheStoreOptions.ValidateOnStart"/>).
/// </para>
/// <para>
/// Built on StackExchange.Redis 3.4.35 or a newer 3.x, an implementation detail: no public member exposes its types
/// except the constructor that takes the application's own <see cref="IConnectionMultiplexer"/>.
/// </para>
/// </remarks>
public sealed class RedisCacheStore : IAtomicCacheStore, IEnumerableCacheStore, ITaggingCacheStore, IComputeLockCacheStore, ISynchronousCacheStore, IValidatingCacheStore, IDisposable
{
    internal const string TagSegment = "__tag:";
    internal const string LockSegment = "__lock:";
    private const int ScanPageSize = 500;
    private const string ScanStart = "0";
    private static readonly RedisValue[] s_entryFields = ["v", "x"];

    private readonly RedisConnection _connection;
    private readonly RedisCacheStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _namespace;
    private readonly RedisKey _namespacePrefix;
    private readonly string _scanPattern;
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
        : this(Validated(options, sharedConnection: false), static o => new RedisConnection(o))
    {
    }

    /// <summary>
    /// Creates a store on the application's own StackExchange.Redis connection, so the store and the application
    /// share one multiplexer (one set of sockets) instead of each keeping its own. The store never closes it:
    /// disposing the store leaves <paramref name="multiplexer"/> open for its owner.
    /// </summary>
    /// <param name="multiplexer">A connected (or connecting) multiplexer, for example the one registered in the application's services.</param>
    /// <param name="options">
    /// How to use it; defaults when <see langword="null"/>. The multiplexer's own configuration decides the endpoints,
    /// database, password and TLS, so <see cref="RedisCacheStoreOptions.Configuration"/>, <see cref="RedisCacheStoreOptions.ConnectTimeout"/>
    /// and <see cref="RedisCacheStoreOptions.TrustedCertificateAuthority"/> are not used. Every command is still bounded by
    /// <see cref="RedisCacheStoreOptions.OperationTimeout"/>, whatever the multiplexer's own timeouts.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="multiplexer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public RedisCacheStore(IConnectionMultiplexer multiplexer, RedisCacheStoreOptions? options = null)
        : this(Validated(options ?? new RedisCacheStoreOptions(), sharedConnection: true), o => new RedisConnection(multiplexer ?? throw new ArgumentNullException(nameof(multiplexer)), o))
    {
    }

    private RedisCacheStore(RedisCacheStoreOptions options, Func<RedisCacheStoreOptions, RedisConnection> connect)
    {
        _options = options;
        _time = options.TimeProvider;
        _namespace = options.KeyNamespace;
        _namespacePrefix = Encoding.UTF8.GetBytes(_namespace);
        _scanPattern = EscapeGlob(_namespace) + "*";
        _connection = connect(options);
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

    /// <summary>How long the breaker refuses calls after a failure: when a layered store tries its queued invalidations again.</summary>
    internal TimeSpan BreakDuration => _options.BreakDuration;

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
    public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        // One native command for the bytes and their expiry (a script when reads slide the expiry).
        var read = (Store: this, Key: StoreKey(key));
        return _slidingMilliseconds.IsNull
            ? _connection.RunAsync(read, static (database, r) => database.HashGetAsync(r.Key, s_entryFields), static (entry, r) => r.Store.CountRead(entry), cancellationToken)
            : _connection.RunAsync(read, static (database, r) => r.Store.ReadSlidingAsync(database, r.Key), static (entry, r) => r.Store.CountRead((RedisValue[])entry!), cancellationToken);
    }

    /// <inheritdoc/>
    public StoredValue? Get(string key)
    {
        var read = (Store: this, Key: StoreKey(key));
        return _slidingMilliseconds.IsNull
            ? CountRead(_connection.Run(read, static (database, r) => database.HashGet(r.Key, s_entryFields), static (database, r) => database.HashGetAsync(r.Key, s_entryFields)))
            : CountRead((RedisValue[])_connection.Run(read, static (database, r) => r.Store.ReadSliding(database, r.Key), static (database, r) => r.Store.ReadSlidingAsync(database, r.Key))!);
    }

    /// <inheritdoc/>
    public void Set(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt)
    {
        if (IsOver(expiresAt))
        {
            Remove(key);
            return;
        }

        var write = (Key: StoreKey(key), Arguments: SetArguments(value, expiresAt));
        _connection.Run(write, static (database, w) => database.ScriptEvaluate(RedisScripts.Set, [w.Key], w.Arguments), static (database, w) => database.ScriptEvaluateAsync(RedisScripts.Set, [w.Key], w.Arguments));
    }

    /// <inheritdoc/>
    public bool Remove(string key)
        => _connection.Run(StoreKey(key), static (database, storeKey) => database.KeyDelete(storeKey), static (database, storeKey) => database.KeyDeleteAsync(storeKey));

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        if (IsOver(expiresAt))
        {
            await RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            return;
        }

        var write = (Key: StoreKey(key), Arguments: SetArguments(value, expiresAt));
        await _connection.RunAsync(write, static (database, w) => database.ScriptEvaluateAsync(RedisScripts.Set, [w.Key], w.Arguments), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
        => _connection.RunAsync(StoreKey(key), static (database, storeKey) => database.KeyDeleteAsync(storeKey), cancellationToken);

    /// <summary>
    /// Deletes every key under <see cref="KeyNamespace"/> (entries, tag sets, locks), found with SCAN on every
    /// master node. Keys outside the namespace are never touched; FLUSHDB is never used.
    /// </summary>
    /// <param name="cancellationToken">Cancels the flush between batches.</param>
    /// <returns>A task that completes when the namespace is empty.</returns>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default) => await ClearCountAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public ValueTask<bool> AddAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        if (IsOver(expiresAt))
        {
            return new ValueTask<bool>(false);
        }

        var write = (Key: StoreKey(key), Arguments: (RedisValue[])[ToArray(value), .. ExpiryArguments(expiresAt), NowMilliseconds()]);
        return _connection.RunAsync(write, static (database, w) => database.ScriptEvaluateAsync(RedisScripts.Add, [w.Key], w.Arguments), static (result, _) => (long)result == 1, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<long> IncrementAsync(string key, long delta, DateTimeOffset? expiresAtIfCreated, CancellationToken cancellationToken = default)
    {
        var increment = (Key: StoreKey(key), Arguments: (RedisValue[])[delta, .. ExpiryArguments(expiresAtIfCreated), NowMilliseconds()]);
        try
        {
            return await _connection.RunAsync(
                increment,
                static (database, i) => database.ScriptEvaluateAsync(RedisScripts.Increment, [i.Key], i.Arguments),
                static (result, _) => long.Parse((string)result!, CultureInfo.InvariantCulture),
                cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("not an integer", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The value under the key '{key}' is not an integer, so it cannot be incremented.", exception);
        }
        catch (RedisServerException exception) when (exception.Message.Contains("overflow", StringComparison.Ordinal))
        {
            throw new OverflowException($"Adding {delta} to the value under the key '{key}' overflows a 64-bit integer.", exception);
        }
    }

    /// <inheritdoc/>
    public ValueTask<StoredValue?> PullAsync(string key, CancellationToken cancellationToken = default)
    {
        var pull = (Key: StoreKey(key), Now: (RedisValue)NowMilliseconds());
        return _connection.RunAsync(
            pull,
            static (database, p) => database.ScriptEvaluateAsync(RedisScripts.Pull, [p.Key], [p.Now]),
            static (result, _) => result.IsNull ? null : (StoredValue?)ToStoredValue((RedisValue[])result!),
            cancellationToken);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<KeyValuePair<string, StoredValue>> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (IServer master in await MastersAsync(cancellationToken).ConfigureAwait(false))
        {
            string cursor = ScanStart;
            do
            {
                (cursor, RedisKey[] storeKeys) = await ScanPageAsync(master, cursor, cancellationToken).ConfigureAwait(false);
                foreach (RedisKey storeKey in storeKeys)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string key = ((string)storeKey!).Substring(_namespace.Length);
                    if (IsReserved(key))
                    {
                        continue;
                    }

                    StoredValue? stored = await _connection.RunAsync(
                        storeKey,
                        static (database, k) => database.HashGetAsync(k, s_entryFields),
                        static (entry, _) => entry.Length == 0 || entry[0].IsNull ? null : (StoredValue?)ToStoredValue(entry),
                        cancellationToken).ConfigureAwait(false);
                    if (stored is { } found)
                    {
                        yield return new KeyValuePair<string, StoredValue>(key, found);
                    }
                }
            }
            while (cursor != ScanStart);
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
        var tagKeys = new RedisKey[tags.Count];
        for (int i = 0; i < tagKeys.Length; i++)
        {
            tagKeys[i] = TagKey(tags[i]);
        }

        long keepMilliseconds = keepUntil is { } until && _slidingMilliseconds.IsNull
            ? Math.Max(1L, (long)Math.Ceiling((until - _time.GetUtcNow()).TotalMilliseconds))
            : -1L;
        var tagging = (TagKeys: tagKeys, Arguments: (RedisValue[])[_namespace + key, keepMilliseconds]);
        await _connection.RunAsync(tagging, static (database, t) => AddToTagSetsAsync(database, t.TagKeys, t.Arguments), cancellationToken).ConfigureAwait(false);
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

        var attempt = (LockKey: (RedisKey)(_namespace + LockSegment + key), ValueKey: StoreKey(key), Token: (RedisValue)Guid.NewGuid().ToString("N"), Expiry: _options.LockExpiry);
        long deadline = _time.GetTimestamp() + (long)(_options.LockWait.TotalSeconds * _time.TimestampFrequency);
        int pause = 5;
        while (true)
        {
            (bool taken, bool valueArrived) = await _connection.RunAsync(
                attempt,
                static (database, a) => TryTakeLockAsync(database, a.LockKey, a.ValueKey, a.Token, a.Expiry),
                cancellationToken).ConfigureAwait(false);
            if (taken)
            {
                return new ComputeLock(this, attempt.LockKey, attempt.Token);
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

    /// <inheritdoc/>
    /// <remarks>One SET NX PX: a process that finds the lock taken skips its refresh.</remarks>
    public async ValueTask<IAsyncDisposable?> TryLockForRefreshAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!_options.DistributedLock)
        {
            return NoLock.Instance;
        }

        var attempt = (LockKey: (RedisKey)(_namespace + LockSegment + key), Token: (RedisValue)Guid.NewGuid().ToString("N"), Expiry: _options.LockExpiry);
        bool taken = await _connection.RunAsync(
            attempt,
            static (database, a) => database.StringSetAsync(a.LockKey, a.Token, a.Expiry, When.NotExists),
            cancellationToken).ConfigureAwait(false);
        return taken ? new ComputeLock(this, attempt.LockKey, attempt.Token) : null;
    }

    /// <summary>Closes the connection, unless it is the application's own multiplexer. Idempotent.</summary>
    public void Dispose() => _connection.Dispose();

    /// <summary>Removes the entries carrying <paramref name="tag"/> and returns their keys (without the namespace).</summary>
    internal async ValueTask<List<string>> FlushTagKeysAsync(string tag, CancellationToken cancellationToken)
    {
        RedisKey tagKey = TagKey(tag);
        RedisValue[] members = await _connection.RunAsync(tagKey, static (database, k) => database.SetMembersAsync(k), cancellationToken).ConfigureAwait(false);
        var removed = new List<string>(members.Length);
        if (members.Length == 0)
        {
            return removed;
        }

        bool[] deleted = await _connection.RunAsync((TagKey: tagKey, Members: members), static (database, t) => RemoveTagMembersAsync(database, t.TagKey, t.Members), cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < members.Length; i++)
        {
            if (deleted[i])
            {
                removed.Add(((string)members[i]!).Substring(_namespace.Length));
            }
        }

        return removed;
    }

    /// <summary>Deletes the entries under <paramref name="keys"/> (without the namespace), pipelined as one command of the command path.</summary>
    internal async ValueTask RemoveEachAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var storeKeys = new RedisKey[keys.Count];
        for (int i = 0; i < storeKeys.Length; i++)
        {
            storeKeys[i] = StoreKey(keys[i]);
        }

        await _connection.RunAsync(storeKeys, static (database, k) => DeleteEachAsync(database, k), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every key of the namespace on every master and returns how many there were.</summary>
    internal async ValueTask<long> ClearCountAsync(CancellationToken cancellationToken)
    {
        long deleted = 0;
        foreach (IServer master in await MastersAsync(cancellationToken).ConfigureAwait(false))
        {
            string cursor = ScanStart;
            do
            {
                (cursor, RedisKey[] storeKeys) = await ScanPageAsync(master, cursor, cancellationToken).ConfigureAwait(false);
                if (storeKeys.Length > 0)
                {
                    deleted += await _connection.RunAsync(storeKeys, static (database, keys) => DeleteEachAsync(database, keys), cancellationToken).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
            while (cursor != ScanStart);
        }

        return deleted;
    }

    /// <summary>
    /// The store's database on its connected multiplexer, for the Redis hit benchmark: its hand-written read shares the
    /// store's connection, since two connections in one process differ in round trip by more than the code measured.
    /// </summary>
    internal IDatabase ConnectedDatabase() => _connection.ConnectedDatabase();

    private static RedisCacheStoreOptions Validated(RedisCacheStoreOptions options, bool sharedConnection)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(requireConfiguration: !sharedConnection);
        return options;
    }

    internal RedisKey StoreKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);

        // The client writes a prefixed key as its prefix bytes then the key, so no string of the two is built per call.
        return ((RedisKey)key).Prepend(_namespacePrefix);
    }

    private RedisKey TagKey(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return string.Concat(_namespace, TagSegment, tag);
    }

    private static bool IsReserved(string key) => key.StartsWith(TagSegment, StringComparison.Ordinal) || key.StartsWith(LockSegment, StringComparison.Ordinal);

    private ValueTask<List<IServer>> MastersAsync(CancellationToken cancellationToken)
        => _connection.RunAsync(0, static (database, _) => Task.FromResult(RedisConnection.Masters(database.Multiplexer)), cancellationToken);

    /// <summary>One page of the namespace's keys on one node (SCAN MATCH), and the cursor of the next page (<see cref="ScanStart"/> after the last).</summary>
    private ValueTask<(string Cursor, RedisKey[] Keys)> ScanPageAsync(IServer master, string cursor, CancellationToken cancellationToken)
    {
        var scan = (Master: master, Database: _connection.Database, Arguments: (ICollection<object>)[cursor, "MATCH", _scanPattern, "COUNT", ScanPageSize]);
        return _connection.RunAsync(
            scan,
            static (_, s) => s.Master.ExecuteAsync(s.Database, "SCAN", s.Arguments),
            static (page, _) => ((string)page[0]!, (RedisKey[])page[1]!),
            cancellationToken);
    }

    /// <summary>Deletes each key with a command of its own (on a cluster the keys live in different slots); returns how many existed.</summary>
    private static async Task<long> DeleteEachAsync(IDatabase database, RedisKey[] keys)
    {
        var deletions = new Task<bool>[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            deletions[i] = database.KeyDeleteAsync(keys[i]);
        }

        long deleted = 0;
        foreach (bool removed in await Task.WhenAll(deletions).ConfigureAwait(false))
        {
            deleted += removed ? 1 : 0;
        }

        return deleted;
    }

    /// <summary>
    /// Deletes the entries a tag set listed and removes just those members from it: a key tagged meanwhile keeps its
    /// membership. Returns, per member, whether its entry existed.
    /// </summary>
    private static async Task<bool[]> RemoveTagMembersAsync(IDatabase database, RedisKey tagKey, RedisValue[] members)
    {
        var deletions = new Task<bool>[members.Length];
        for (int i = 0; i < members.Length; i++)
        {
            deletions[i] = database.KeyDeleteAsync((string)members[i]!);
        }

        await database.SetRemoveAsync(tagKey, members).ConfigureAwait(false);
        return await Task.WhenAll(deletions).ConfigureAwait(false);
    }

    private static Task<RedisResult[]> AddToTagSetsAsync(IDatabase database, RedisKey[] tagKeys, RedisValue[] arguments)
    {
        var added = new Task<RedisResult>[tagKeys.Length];
        for (int i = 0; i < tagKeys.Length; i++)
        {
            added[i] = database.ScriptEvaluateAsync(RedisScripts.AddTag, [tagKeys[i]], arguments);
        }

        return Task.WhenAll(added);
    }

    /// <summary>Takes the compute lock (SET NX PX) and, pipelined behind it, asks whether the value has arrived meanwhile.</summary>
    private static async Task<(bool Taken, bool ValueArrived)> TryTakeLockAsync(IDatabase database, RedisKey lockKey, RedisKey valueKey, RedisValue token, TimeSpan expiry)
    {
        Task<bool> taking = database.StringSetAsync(lockKey, token, expiry, When.NotExists);
        Task<bool> arrived = database.KeyExistsAsync(valueKey);
        return (await taking.ConfigureAwait(false), await arrived.ConfigureAwait(false));
    }

    private RedisValue[] SlidingArguments() => [NowMilliseconds(), _slidingMilliseconds];

    private RedisResult ReadSliding(IDatabase database, RedisKey key) => database.ScriptEvaluate(RedisScripts.GetSliding, [key], SlidingArguments());

    private Task<RedisResult> ReadSlidingAsync(IDatabase database, RedisKey key) => database.ScriptEvaluateAsync(RedisScripts.GetSliding, [key], SlidingArguments());

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
        return ToStoredValue(entry);
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

    /// <summary>The entry of an HMGET of <c>v</c> and <c>x</c> (or of a script returning the same pair).</summary>
    private static StoredValue ToStoredValue(RedisValue[] entry)
        => new((byte[])entry[0]!, entry[1].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)entry[1]));

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
            => await store._connection.RunAsync(
                (LockKey: lockKey, Token: token),
                static (database, l) => database.ScriptEvaluateAsync(RedisScripts.ReleaseLock, [l.LockKey], [l.Token]),
                CancellationToken.None).ConfigureAwait(false);
    }
}
