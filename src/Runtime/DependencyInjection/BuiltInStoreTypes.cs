using System;
using System.Globalization;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize;

/// <summary>The store types every <c>AddMemoize</c> registers: memory, null and file.</summary>
internal static class BuiltInStoreTypes
{
    public static readonly CacheStoreType Memory = new("memory", static context =>
    {
        long? sizeLimit = context.GetPositiveInt64("SizeLimit");
        double compaction = 0.05;
        if (context.GetString("CompactionPercentage") is { } text
            && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out compaction) || compaction is <= 0 or >= 1))
        {
            throw new MemoizeConfigurationException($"{context.SettingPath("CompactionPercentage")} must be a number between 0 and 1; got '{text}'.");
        }

        return manager => new MemoryCacheStore(new MemoryCacheStoreOptions { SizeLimit = sizeLimit, CompactionPercentage = compaction }, manager.TimeProvider);
    });

    public static readonly CacheStoreType Null = new("null", static _ => static _ => NullCacheStore.Instance);

    public static readonly CacheStoreType File = new("file", static context =>
    {
        var options = new FileCacheStoreOptions
        {
            Directory = context.GetString("Directory") ?? context.ConnectionString
                ?? throw new MemoizeConfigurationException($"{context.SettingPath("Directory")} (or {context.Path}:ConnectionString) is required for a store of type 'file'."),
            MaxBytes = context.GetPositiveInt64("MaxBytes"),
            MaxEntries = context.GetPositiveInt32("MaxEntries"),
        };
        return manager => new FileCacheStore(options, manager.TimeProvider);
    });

    /// <summary>A store over the application's registered <see cref="IDistributedCache"/>.</summary>
    public static readonly CacheStoreType Distributed = new("distributed", static context =>
    {
        if (context.Services.GetService<IDistributedCache>() is null)
        {
            throw new MemoizeConfigurationException($"{context.Path}:Type 'distributed' needs an IDistributedCache registered in the services (for example AddDistributedMemoryCache or AddDistributedSqlServerCache).");
        }

        var options = new DistributedCacheStoreOptions();
        if (context.GetString("KeyPrefix") is { } prefix)
        {
            options.KeyPrefix = prefix;
        }

        IServiceProvider services = context.Services;
        return _ => new DistributedCacheStore(services.GetRequiredService<IDistributedCache>(), options);
    });
}
