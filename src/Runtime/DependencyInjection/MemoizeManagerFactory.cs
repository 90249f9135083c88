using System;
using System.Collections.Generic;
using System.Linq;
using Memoize.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Memoize;

/// <summary>Turns validated <see cref="MemoizeOptions"/> into a <see cref="CacheManager"/>, and checks them at start-up.</summary>
internal sealed class MemoizeManagerFactory : IValidateOptions<MemoizeOptions>
{
    private readonly IServiceProvider _services;

    public MemoizeManagerFactory(IServiceProvider services) => _services = services;

    public static CacheManager Create(IServiceProvider services)
    {
        MemoizeOptions options = services.GetRequiredService<IOptions<MemoizeOptions>>().Value;
        List<string> errors = [];
        List<(string Name, Func<CacheManager, ICacheStore> Create, string? KeyPrefix)> stores = Plan(options, services, errors);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MemoizeOptions), errors);
        }

        var managerOptions = new CacheManagerOptions
        {
            DefaultStore = options.DefaultStore,
            DefaultTtl = options.DefaultTtl,
            KeyPrefix = options.KeyPrefix,
            Enabled = options.Enabled,
            LogKeys = options.LogKeys,
            FailSafeMinutes = options.FailSafeMinutes,
            FailSafeThrottleSeconds = options.FailSafeThrottleSeconds,
            SoftTimeoutMilliseconds = options.SoftTimeoutMilliseconds,
            HardTimeoutMilliseconds = options.HardTimeoutMilliseconds,
            EagerRefresh = options.EagerRefresh,
            JitterSeconds = options.JitterSeconds,
            LoggerFactory = services.GetService<ILoggerFactory>(),
        };
        if (services.GetService<TimeProvider>() is { } time)
        {
            managerOptions.TimeProvider = time;
        }

        options.ConfigureManager?.Invoke(managerOptions);
        var manager = new CacheManager(managerOptions);
        foreach ((string name, Func<CacheManager, ICacheStore> create, string? keyPrefix) in stores)
        {
            manager.AddStore(name, create, keyPrefix);
        }

        return manager;
    }

    public ValidateOptionsResult Validate(string? name, MemoizeOptions options)
    {
        List<string> errors = [];
        Plan(options, _services, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static List<(string, Func<CacheManager, ICacheStore>, string?)> Plan(MemoizeOptions options, IServiceProvider services, List<string> errors)
    {
        errors.AddRange(options.BindingErrors);
        if (options.DefaultTtl <= TimeSpan.Zero && options.DefaultTtl != System.Threading.Timeout.InfiniteTimeSpan)
        {
            errors.Add($"Memoize:DefaultTtl must be positive; got '{options.DefaultTtl}'.");
        }

        if (ResiliencePolicy.FindProblem(options.ResiliencePath + ":", options.FailSafeMinutes, options.FailSafeThrottleSeconds, options.SoftTimeoutMilliseconds, options.HardTimeoutMilliseconds, options.EagerRefresh, options.JitterSeconds) is { } problem)
        {
            errors.Add(problem.Message);
        }

        var types = new Dictionary<string, CacheStoreType>(StringComparer.OrdinalIgnoreCase);
        foreach (CacheStoreType type in services.GetServices<CacheStoreType>())
        {
            types[type.Name] = type;
        }

        var stores = new List<(string, Func<CacheManager, ICacheStore>, string?)>();
        foreach (KeyValuePair<string, MemoizeStoreOptions> entry in options.Stores.OrderBy(static e => e.Key, StringComparer.Ordinal))
        {
            MemoizeStoreOptions store = entry.Value;
            string path = store.Path ?? $"Memoize:Stores:{entry.Key}";
            if (store.Factory is { } factory)
            {
                stores.Add((entry.Key, manager => factory(services, manager), store.KeyPrefix));
                continue;
            }

            if (string.IsNullOrWhiteSpace(store.Type))
            {
                errors.Add($"{path}:Type is required; known store types: {Known(types)}.");
                continue;
            }

            if (!types.TryGetValue(store.Type, out CacheStoreType? storeType))
            {
                errors.Add($"{path}:Type '{store.Type}' is not a known store type; known store types: {Known(types)}. Store packages register theirs (for example AddSqliteStoreType()).");
                continue;
            }

            try
            {
                stores.Add((entry.Key, storeType.Create(new CacheStoreTypeContext(entry.Key, path, store, services)), store.KeyPrefix));
            }
            catch (MemoizeConfigurationException exception)
            {
                errors.Add(exception.Message);
            }
        }

        bool defaultKnown = options.DefaultStore is CacheManager.MemoryStoreName or CacheManager.NullStoreName || options.Stores.ContainsKey(options.DefaultStore);
        if (!defaultKnown)
        {
            errors.Add($"Memoize:DefaultStore '{options.DefaultStore}' names no store; configured stores: {string.Join(", ", options.Stores.Keys.Order(StringComparer.Ordinal).Select(static k => $"'{k}'"))}.");
        }

        return stores;
    }

    private static string Known(Dictionary<string, CacheStoreType> types)
        => string.Join(", ", types.Keys.Order(StringComparer.OrdinalIgnoreCase).Select(static k => $"'{k}'"));
}
