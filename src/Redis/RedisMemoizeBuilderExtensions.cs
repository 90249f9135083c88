using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Memoize.Redis;

/// <summary>Lets configuration name Redis stores (<c>"Type": "redis"</c>).</summary>
public static class RedisMemoizeBuilderExtensions
{
    /// <summary>The store type name: <c>redis</c>.</summary>
    public const string StoreTypeName = "redis";

    /// <summary>
    /// Registers the <c>redis</c> store type. The store's <c>ConnectionString</c> is the StackExchange.Redis
    /// configuration string (required); settings: <c>KeyNamespace</c>, <c>DistributedLock</c> (<c>true</c>/<c>false</c>),
    /// <c>ValidateOnStart</c> (<c>true</c>/<c>false</c>, default <c>true</c>: the host's start fails when Redis refuses the
    /// password or other configuration; see <see cref="RedisCacheStoreOptions.ValidateOnStart"/>).
    /// The store logs to the application's logger factory and uses the manager's clock.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddMemoize</c>.</param>
    /// <returns>The builder.</returns>
    public static MemoizeBuilder AddRedisStoreType(this MemoizeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddStoreType(new CacheStoreType(StoreTypeName, static context =>
        {
            string configuration = context.ConnectionString
                ?? throw new MemoizeConfigurationException($"{context.Path}:ConnectionString is required for a store of type 'redis' (for example \"127.0.0.1:6379\").");
            string? keyNamespace = context.GetString("KeyNamespace");
            bool distributedLock = false;
            if (context.GetString("DistributedLock") is { } lockText && !bool.TryParse(lockText, out distributedLock))
            {
                throw new MemoizeConfigurationException($"{context.SettingPath("DistributedLock")} must be true or false; got '{lockText}'.");
            }

            bool validateOnStart = true;
            if (context.GetString("ValidateOnStart") is { } validateText && !bool.TryParse(validateText, out validateOnStart))
            {
                throw new MemoizeConfigurationException($"{context.SettingPath("ValidateOnStart")} must be true or false; got '{validateText}'.");
            }

            IServiceProvider services = context.Services;
            return manager =>
            {
                var options = new RedisCacheStoreOptions
                {
                    Configuration = configuration,
                    DistributedLock = distributedLock,
                    ValidateOnStart = validateOnStart,
                    TimeProvider = manager.TimeProvider,
                    Logger = services.GetService<ILoggerFactory>()?.CreateLogger("Memoize.Redis"),
                };
                if (keyNamespace is not null)
                {
                    options.KeyNamespace = keyNamespace;
                }

                return new RedisCacheStore(options);
            };
        }));
    }
}
