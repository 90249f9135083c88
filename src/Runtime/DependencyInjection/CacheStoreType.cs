using System;
using Memoize.Stores;

namespace Memoize;

/// <summary>
/// A kind of store that configuration can name in <c>Memoize:Stores:{name}:Type</c>. Store packages register
/// theirs with <see cref="MemoizeBuilder.AddStoreType"/>.
/// </summary>
/// <param name="Name">The type's name (compared ignoring case), such as <c>"sqlite"</c> or <c>"redis"</c>.</param>
/// <param name="Create">
/// Reads and checks the settings, throwing <see cref="MemoizeConfigurationException"/> for a wrong one, and returns
/// the function that creates the store on its first use. It runs at start-up validation, so wrong settings fail early.
/// </param>
public sealed record CacheStoreType(string Name, Func<CacheStoreTypeContext, Func<CacheManager, ICacheStore>> Create);
