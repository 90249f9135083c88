using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memoize;

/// <summary>
/// Named cache stores with a default store. A <c>"memory"</c> store is always available and is the default
/// unless configured otherwise. The <see cref="ICache"/> operations act on the default store.
/// </summary>
/// <example>
/// <code>
/// var cache = new CacheManager(new CacheManagerOptions { DefaultTtl = TimeSpan.FromMinutes(10) });
/// cache.Put("greeting", "hello");
/// string value = cache.Remember("answer", TimeSpan.FromMinutes(5), () => Compute());
/// </code>
/// </example>
public sealed partial class CacheManager : ICacheManager, IDisposable
{
    /// <summary>The name of the built-in memory store.</summary>
    public const string MemoryStoreName = "memory";

    /// <summary>The name of the built-in store that keeps nothing (every read misses).</summary>
    public const string NullStoreName = "null";

    private static readonly Lazy<CacheManager> s_default = new(() => new CacheManager(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ConcurrentDictionary<string, Lazy<NamedCache>> _stores = new(StringComparer.Ordinal);
    private readonly AsyncLocal<EnabledScope?> _scope = new();
    private readonly Action _onScopeDisposed;
    private int _openScopes;
    private int _version;
    private long _storeFailures;
    private long _oversizedValues;
    private ResiliencePolicy? _defaultPolicy;

    /// <summary>Creates a cache manager with a memory store.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public CacheManager(CacheManagerOptions? options = null)
    {
        Options = options ?? new CacheManagerOptions();
        Options.Validate();
        Enabled = Options.Enabled;
        Logger = Options.LoggerFactory?.CreateLogger("Memoize.CacheManager") ?? NullLogger.Instance;
        LogsDebug = Logger.IsEnabled(LogLevel.Debug);
        _onScopeDisposed = () => Interlocked.Decrement(ref _openScopes);
        AddStore(MemoryStoreName, manager => new MemoryCacheStore(timeProvider: manager.TimeProvider));
        AddStore(NullStoreName, NullCacheStore.Instance);
    }

    /// <summary>
    /// The manager used by memoized methods whose type declares no <see cref="ICacheManager"/> field or property.
    /// It has a memory store and the default options; add stores to it at start-up.
    /// </summary>
    public static CacheManager Default => s_default.Value;

    /// <summary>The options this manager was created with.</summary>
    public CacheManagerOptions Options { get; }

    /// <inheritdoc/>
    public TimeSpan DefaultTtl => Options.DefaultTtl;

    /// <summary>The clock of every expiry decision.</summary>
    public TimeProvider TimeProvider => Options.TimeProvider;

    /// <summary>The manager-wide switch; <see cref="Disable"/> and <see cref="Enable"/> scopes override it locally.</summary>
    public bool Enabled { get; set; }

    /// <inheritdoc/>
    public bool IsEnabled
    {
        get
        {
            // Reading the async-local costs more than the whole hit path; skip it while no scope is open anywhere.
            if (Volatile.Read(ref _openScopes) == 0)
            {
                return Enabled;
            }

            return _scope.Value?.Enabled ?? Enabled;
        }
    }

    /// <summary>How many store operations failed inside remember logic and memoized methods (they computed instead).</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    /// <summary>How many values were not cached because their payload exceeded <see cref="CacheManagerOptions.MaxValueBytes"/>.</summary>
    public long OversizedValues => Interlocked.Read(ref _oversizedValues);

    /// <summary>The names of the registered stores, in ordinal order.</summary>
    public System.Collections.Generic.IReadOnlyList<string> StoreNames => _stores.Keys.OrderBy(static n => n, StringComparer.Ordinal).ToArray();

    /// <summary>Changes whenever a store is added or replaced, so cached lookups of stores know to look again.</summary>
    internal int Version => Volatile.Read(ref _version);

    /// <summary>Registers (or replaces) the store named <paramref name="name"/>.</summary>
    /// <param name="name">The store's name, as used in <c>[Cached(Store = ...)]</c> and <see cref="Cache(string?)"/>.</param>
    /// <param name="store">The store.</param>
    /// <param name="keyPrefix">A prefix put before every key of this store, after the manager's.</param>
    /// <returns>This manager.</returns>
    public CacheManager AddStore(string name, ICacheStore store, string? keyPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return AddStore(name, _ => store, keyPrefix);
    }

    /// <summary>Registers (or replaces) a store of type <typeparamref name="TStore"/>, created with its parameterless constructor on first use.</summary>
    /// <typeparam name="TStore">The store's type.</typeparam>
    /// <param name="name">The store's name.</param>
    /// <param name="keyPrefix">A prefix put before every key of this store, after the manager's.</param>
    /// <returns>This manager.</returns>
    public CacheManager AddStore<TStore>(string name, string? keyPrefix = null)
        where TStore : ICacheStore, new()
        => AddStore(name, static _ => new TStore(), keyPrefix);

    /// <summary>Registers (or replaces) a store that is created on first use.</summary>
    /// <param name="name">The store's name.</param>
    /// <param name="factory">Creates the store; called at most once.</param>
    /// <param name="keyPrefix">A prefix put before every key of this store, after the manager's.</param>
    /// <returns>This manager.</returns>
    public CacheManager AddStore(string name, Func<CacheManager, ICacheStore> factory, string? keyPrefix = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A store name must not be empty.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(factory);
        string prefix = keyPrefix ?? "";
        _stores[name] = new Lazy<NamedCache>(
            () => new NamedCache(this, name, factory(this) ?? throw new InvalidOperationException($"The factory of cache store '{name}' returned null."), prefix),
            LazyThreadSafetyMode.ExecutionAndPublication);
        Interlocked.Increment(ref _version);
        return this;
    }

    /// <inheritdoc/>
    public ICache Cache(string? name = null) => GetCache(name);

    /// <summary>The store registered under <paramref name="name"/>: what <see cref="Cache(string?)"/> reads and writes.</summary>
    /// <param name="name">The store's name; <see langword="null"/> for the default.</param>
    /// <returns>The store, created on first use.</returns>
    /// <exception cref="ArgumentException">No store has that name; the message lists the registered names.</exception>
    public ICacheStore Store(string? name = null) => GetCache(name).Store;

    /// <summary>The prefix put before every key of the store registered under <paramref name="name"/>: the manager's <see cref="CacheManagerOptions.KeyPrefix"/> followed by the store's own.</summary>
    /// <param name="name">The store's name; <see langword="null"/> for the default.</param>
    /// <returns>The prefix, possibly empty.</returns>
    /// <exception cref="ArgumentException">No store has that name; the message lists the registered names.</exception>
    public string KeyPrefixOf(string? name = null) => GetCache(name).KeyPrefix;

    /// <summary>The cache operations of the store registered under <paramref name="name"/>, or of the default store.</summary>
    internal NamedCache GetCache(string? name = null)
    {
        name ??= Options.DefaultStore;
        if (_stores.TryGetValue(name, out Lazy<NamedCache>? store))
        {
            return store.Value;
        }

        throw new ArgumentException($"No cache store is named '{name}'. Registered stores: {string.Join(", ", StoreNames.Select(static n => $"'{n}'"))}.", nameof(name));
    }

    /// <inheritdoc/>
    public IDisposable Disable() => OpenScope(enabled: false);

    /// <inheritdoc/>
    public IDisposable Enable() => OpenScope(enabled: true);

    private EnabledScope OpenScope(bool enabled)
    {
        Interlocked.Increment(ref _openScopes);
        return new EnabledScope(_scope, enabled, _onScopeDisposed);
    }

    internal void ReportOversizedValue() => Interlocked.Increment(ref _oversizedValues);

    /// <summary>Where this manager logs.</summary>
    internal ILogger Logger { get; }

    /// <summary>
    /// Whether debug messages (hits, misses, evictions) are wanted, decided once so the hit path checks a field
    /// instead of asking the logger on every call.
    /// </summary>
    internal bool LogsDebug { get; }

    internal void ReportStoreFailure(NamedCache store, Exception exception)
    {
        Interlocked.Increment(ref _storeFailures);
        MemoizeTelemetry.RecordError(store.Name);
        if (store.EnterFailureEpisode())
        {
            CacheLog.StoreFailing(Logger, store.Name, exception);
        }
    }

    internal void ReportStoreWorking(NamedCache store)
    {
        if (store.LeaveFailureEpisode())
        {
            CacheLog.StoreRecovered(Logger, store.Name);
        }
    }

    /// <summary>Records a hit of a memoized method or of the remember API (<paramref name="method"/> <see langword="null"/>).</summary>
    internal void OnHit(NamedCache store, string? method, string fullKey)
    {
        if (MemoizeTelemetry.Hits.Enabled)
        {
            MemoizeTelemetry.RecordHit(store.Name, method);
        }

        if (LogsDebug)
        {
            CacheLog.Hit(Logger, store.Name, Subject(method, fullKey));
        }
    }

    /// <summary>Records a computed value and how long computing it took.</summary>
    internal void OnMiss(NamedCache store, string? method, string fullKey, long startTimestamp)
    {
        if (MemoizeTelemetry.Misses.Enabled || MemoizeTelemetry.FactoryDuration.Enabled)
        {
            MemoizeTelemetry.RecordMiss(store.Name, method, startTimestamp);
        }

        if (LogsDebug)
        {
            CacheLog.Miss(Logger, store.Name, Subject(method, fullKey));
        }
    }

    /// <summary>Reports a fail-safe activation: a warning and <see cref="MemoizeTelemetry.FailSafeActivationsName"/>.</summary>
    internal void OnFailSafe(NamedCache store, string? method, string fullKey, Exception? failure, TimeSpan? timeout)
    {
        if (MemoizeTelemetry.FailSafeActivations.Enabled)
        {
            MemoizeTelemetry.RecordFailSafe(store.Name, method);
        }

        string reason = timeout is { } after
            ? $"the factory did not complete within {after.TotalMilliseconds:0} ms"
            : $"the factory failed ({failure?.GetType().Name})";
        CacheLog.FailSafeActivated(Logger, store.Name, Subject(method, fullKey), reason, failure);
    }

    /// <summary>Reports a failure of work no caller waited for (an eager refresh, a computation past a timeout).</summary>
    internal void OnBackgroundFailure(NamedCache store, string? method, string fullKey, Exception failure)
        => CacheLog.BackgroundFailed(Logger, store.Name, Subject(method, fullKey), failure);

    /// <summary>The resilience options of calls that set none: the defaults of <see cref="Options"/>.</summary>
    internal ResiliencePolicy DefaultPolicy => _defaultPolicy ??= ResiliencePolicy.Defaults(Options);

    /// <summary>The resilience options of a call: <paramref name="options"/> over this manager's defaults.</summary>
    internal ResiliencePolicy PolicyOf(RememberOptions? options) => options is null ? DefaultPolicy : ResiliencePolicy.Resolve(options, Options);

    private string Subject(string? method, string fullKey)
        => Options.LogKeys ? $"key {fullKey}" : method is null ? "a key" : $"method {method}";

    /// <summary>Disposes the stores this manager created that are disposable.</summary>
    public void Dispose()
    {
        foreach (Lazy<NamedCache> store in _stores.Values)
        {
            if (store.IsValueCreated && store.Value.Store is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    string ICache.Name => Options.DefaultStore;

    /// <inheritdoc/>
    public bool TryGet<T>(string key, out T value) => GetCache().TryGet(key, out value);

    /// <inheritdoc/>
    public ValueTask<CacheResult<T>> TryGetAsync<T>(string key, CancellationToken cancellationToken = default) => GetCache().TryGetAsync<T>(key, cancellationToken);

    /// <inheritdoc/>
    public bool Has(string key) => GetCache().Has(key);

    /// <inheritdoc/>
    public ValueTask<bool> HasAsync(string key, CancellationToken cancellationToken = default) => GetCache().HasAsync(key, cancellationToken);

    /// <inheritdoc/>
    public void Put<T>(string key, T value, TimeSpan? ttl = null) => GetCache().Put(key, value, ttl);

    /// <inheritdoc/>
    public ValueTask PutAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => GetCache().PutAsync(key, value, ttl, cancellationToken);

    /// <inheritdoc/>
    public void Put<T>(string key, T value, DateTimeOffset expiresAt) => GetCache().Put(key, value, expiresAt);

    /// <inheritdoc/>
    public ValueTask PutAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => GetCache().PutAsync(key, value, expiresAt, cancellationToken);

    /// <inheritdoc/>
    public bool Add<T>(string key, T value, TimeSpan? ttl = null) => GetCache().Add(key, value, ttl);

    /// <inheritdoc/>
    public ValueTask<bool> AddAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => GetCache().AddAsync(key, value, ttl, cancellationToken);

    /// <inheritdoc/>
    public bool Add<T>(string key, T value, DateTimeOffset expiresAt) => GetCache().Add(key, value, expiresAt);

    /// <inheritdoc/>
    public ValueTask<bool> AddAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => GetCache().AddAsync(key, value, expiresAt, cancellationToken);

    /// <inheritdoc/>
    public bool Forget(string key) => GetCache().Forget(key);

    /// <inheritdoc/>
    public ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken = default) => GetCache().ForgetAsync(key, cancellationToken);

    /// <inheritdoc/>
    public bool TryPull<T>(string key, out T value) => GetCache().TryPull(key, out value);

    /// <inheritdoc/>
    public ValueTask<CacheResult<T>> TryPullAsync<T>(string key, CancellationToken cancellationToken = default) => GetCache().TryPullAsync<T>(key, cancellationToken);

    /// <inheritdoc/>
    public long Increment(string key, long by = 1) => GetCache().Increment(key, by);

    /// <inheritdoc/>
    public ValueTask<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) => GetCache().IncrementAsync(key, by, cancellationToken);

    /// <inheritdoc/>
    public T Remember<T>(string key, TimeSpan? ttl, Func<T> factory) => GetCache().Remember(key, ttl, factory);

    /// <inheritdoc/>
    public ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
        => GetCache().RememberAsync(key, ttl, factory, cancellationToken);

    /// <inheritdoc/>
    public T Remember<T>(string key, TimeSpan? ttl, RememberOptions? options, Func<T> factory) => GetCache().Remember(key, ttl, options, factory);

    /// <inheritdoc/>
    public ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, RememberOptions? options, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
        => GetCache().RememberAsync(key, ttl, options, factory, cancellationToken);

    /// <inheritdoc/>
    public void Flush() => GetCache().Flush();

    /// <inheritdoc/>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => GetCache().FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public TaggedCache Tags(params string[] tags) => GetCache().Tags(tags);

    /// <inheritdoc/>
    public ValueTask<long> CopyToAsync(ICache destination, CancellationToken cancellationToken = default) => GetCache().CopyToAsync(destination, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<long> PurgeExpiredAsync(CancellationToken cancellationToken = default) => GetCache().PurgeExpiredAsync(cancellationToken);
}
