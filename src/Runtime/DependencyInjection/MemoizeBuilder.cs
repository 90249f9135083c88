using System;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize;

/// <summary>Returned by <c>AddMemoize</c>: adds store types and further configuration.</summary>
public sealed class MemoizeBuilder
{
    internal MemoizeBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection Memoize was added to.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers a store type that configuration can name in <c>Memoize:Stores:{name}:Type</c>. This is how store
    /// packages plug in (for example <c>AddSqliteStoreType()</c>); a later registration of the same name wins.
    /// </summary>
    /// <param name="type">The store type.</param>
    /// <returns>This builder.</returns>
    public MemoizeBuilder AddStoreType(CacheStoreType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Services.AddSingleton(type);
        return this;
    }

    /// <summary>Changes the options in code, after configuration is bound.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public MemoizeBuilder Configure(Action<MemoizeOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
