using System;
using Memoize.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Memoize;

/// <summary>Adds Memoize to a service collection.</summary>
public static class MemoizeServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="CacheManager"/> as <see cref="ICacheManager"/> and <see cref="CacheManager"/>, with the
    /// stores configured in <paramref name="configure"/>. Services that take an <see cref="ICacheManager"/> in their
    /// constructor and keep it in a field get it used by their memoized methods.
    /// </summary>
    /// <remarks>
    /// When a host starts, before its other services, every store that can check its configuration against its backend
    /// (<see cref="IValidatingCacheStore"/>, such as a Redis store with the wrong password) does, and a refusal fails
    /// start-up with a <see cref="MemoizeConfigurationException"/>. A backend that is only unreachable does not.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the default store, default time to live and stores.</param>
    /// <returns>A builder that adds store types.</returns>
    public static MemoizeBuilder AddMemoize(this IServiceCollection services, Action<MemoizeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        MemoizeBuilder builder = AddCore(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>
    /// Registers the cache manager with settings and stores bound from <paramref name="section"/> (usually the
    /// <c>Memoize</c> section of <c>appsettings.json</c>), then changed by <paramref name="configure"/>. A wrong
    /// setting fails start-up (and the first resolution of the manager) with a message that names it, and so does a
    /// store whose backend refuses its configuration when the host starts (see the other overload).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section.</param>
    /// <param name="configure">Further changes in code.</param>
    /// <returns>A builder that adds store types.</returns>
    public static MemoizeBuilder AddMemoize(this IServiceCollection services, IConfiguration section, Action<MemoizeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        MemoizeBuilder builder = AddCore(services);
        services.Configure<MemoizeOptions>(options => MemoizeConfigurationBinder.Bind(section, options));
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    private static MemoizeBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<MemoizeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoizeOptions>, MemoizeManagerFactory>());
        services.TryAddSingleton(MemoizeManagerFactory.Create);
        services.TryAddSingleton<ICacheManager>(static sp => sp.GetRequiredService<CacheManager>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MemoizeStoreStartupCheck>());
        var builder = new MemoizeBuilder(services);
        builder.AddStoreType(BuiltInStoreTypes.Memory).AddStoreType(BuiltInStoreTypes.Null).AddStoreType(BuiltInStoreTypes.File).AddStoreType(BuiltInStoreTypes.Distributed)
            .AddStoreType(HybridCacheStoreType.Type);
        return builder;
    }
}
