using System;
using System.Collections.Generic;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// What <see cref="MemoizeServiceCollectionExtensions.AddMemoize(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{MemoizeOptions})"/>
/// builds the <see cref="CacheManager"/> from: manager settings and the stores, set in code or bound from the
/// <c>Memoize</c> configuration section.
/// </summary>
public sealed class MemoizeOptions
{
    /// <summary>The name of the store used when none is named. Default <c>"memory"</c>.</summary>
    public string DefaultStore { get; set; } = CacheManager.MemoryStoreName;

    /// <summary>How long values are kept when no time to live is given. Default 60 minutes.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>A prefix put before every key of every store. Default none.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>Whether caching starts switched on. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether debug log messages may contain cache keys, which contain the arguments of memoized calls.
    /// Default <see langword="false"/>: messages name the store and the method, never argument values.
    /// </summary>
    public bool LogKeys { get; set; }

    /// <summary>The default of <see cref="RememberOptions.FailSafeMinutes"/> (<see cref="CacheManagerOptions.FailSafeMinutes"/>): 0, fail-safe off.</summary>
    public int FailSafeMinutes { get; set; }

    /// <summary>The default of <see cref="RememberOptions.FailSafeThrottleSeconds"/> (<see cref="CacheManagerOptions.FailSafeThrottleSeconds"/>): 30.</summary>
    public int FailSafeThrottleSeconds { get; set; } = 30;

    /// <summary>The default of <see cref="RememberOptions.SoftTimeoutMilliseconds"/> (<see cref="CacheManagerOptions.SoftTimeoutMilliseconds"/>): 0, none.</summary>
    public int SoftTimeoutMilliseconds { get; set; }

    /// <summary>The default of <see cref="RememberOptions.HardTimeoutMilliseconds"/> (<see cref="CacheManagerOptions.HardTimeoutMilliseconds"/>): 0, none.</summary>
    public int HardTimeoutMilliseconds { get; set; }

    /// <summary>The default of <see cref="RememberOptions.EagerRefresh"/> (<see cref="CacheManagerOptions.EagerRefresh"/>): 0, none.</summary>
    public double EagerRefresh { get; set; }

    /// <summary>The default of <see cref="RememberOptions.JitterSeconds"/> (<see cref="CacheManagerOptions.JitterSeconds"/>): 0, none.</summary>
    public int JitterSeconds { get; set; }

    /// <summary>The stores to register, by name (ordinal). The memory and null stores are always registered.</summary>
    public IDictionary<string, MemoizeStoreOptions> Stores { get; } = new Dictionary<string, MemoizeStoreOptions>(StringComparer.Ordinal);

    /// <summary>Further changes to the manager's options (serializer, compression, clock) after the settings above are applied.</summary>
    public Action<CacheManagerOptions>? ConfigureManager { get; set; }

    /// <summary>The configuration path the resilience defaults were bound from, named by range errors (<c>Memoize</c> by default).</summary>
    internal string ResiliencePath { get; set; } = "Memoize";

    /// <summary>Problems found while binding configuration; reported together when the manager is validated.</summary>
    internal List<string> BindingErrors { get; } = [];

    /// <summary>Registers a store of a registered store type (<c>"memory"</c>, <c>"file"</c>, <c>"null"</c>, <c>"sqlite"</c>...).</summary>
    /// <param name="name">The store's name, as used in <c>[Cached(Store = ...)]</c>.</param>
    /// <param name="type">The store type.</param>
    /// <param name="configure">Sets the store's settings and connection string.</param>
    /// <returns>These options.</returns>
    public MemoizeOptions AddStore(string name, string type, Action<MemoizeStoreOptions>? configure = null)
    {
        var store = new MemoizeStoreOptions { Type = type };
        configure?.Invoke(store);
        Stores[name] = store;
        return this;
    }

    /// <summary>Registers a store created in code on first use.</summary>
    /// <param name="name">The store's name.</param>
    /// <param name="factory">Creates the store from the application's services and the manager.</param>
    /// <param name="keyPrefix">A prefix put before every key of this store.</param>
    /// <returns>These options.</returns>
    public MemoizeOptions AddStore(string name, Func<IServiceProvider, CacheManager, ICacheStore> factory, string? keyPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Stores[name] = new MemoizeStoreOptions { Factory = factory, KeyPrefix = keyPrefix };
        return this;
    }
}
