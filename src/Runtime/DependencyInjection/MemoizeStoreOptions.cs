using System;
using System.Collections.Generic;
using Memoize.Stores;

namespace Memoize;

/// <summary>One store of <see cref="MemoizeOptions.Stores"/>: its type and settings, or a factory.</summary>
public sealed class MemoizeStoreOptions
{
    /// <summary>The store type, as registered with <see cref="MemoizeBuilder.AddStoreType"/> (<c>"memory"</c>, <c>"file"</c>, <c>"null"</c>...).</summary>
    public string? Type { get; set; }

    /// <summary>The connection string of stores that talk to a server or a database (Redis, SQLite).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>A prefix put before every key of this store, after the manager's.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>The type's settings by name (ordinal, case-insensitive), as text; configuration binds them from <c>Settings</c>.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the store in code; when set, <see cref="Type"/> and the settings are not used.</summary>
    public Func<IServiceProvider, CacheManager, ICacheStore>? Factory { get; set; }

    /// <summary>Where these options came from (a configuration path such as <c>Memoize:Stores:users</c>), for error messages.</summary>
    internal string? Path { get; set; }
}
