using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;

namespace Memoize;

/// <summary>
/// Every memoized method of every loaded assembly compiled with the Memoize generator: the generator writes a list
/// per assembly, registered when the assembly is loaded, for documentation, dashboards and health endpoints.
/// </summary>
/// <example>
/// <code>
/// foreach (CacheManifestEntry method in CacheManifest.Entries)
///     Console.WriteLine($"{method.KeyTemplate} on {method.Store ?? "default"} for {method.Ttl}");
/// </code>
/// </example>
public static class CacheManifest
{
    private static readonly object s_gate = new();
    private static CacheManifestEntry[] s_entries = [];
    private static readonly HashSet<string> s_assemblies = new(StringComparer.Ordinal);

    /// <summary>The registered methods, ordered by assembly, type, method and key template.</summary>
    public static IReadOnlyList<CacheManifestEntry> Entries
    {
        get
        {
            lock (s_gate)
            {
                return s_entries;
            }
        }
    }

    /// <summary>The methods of one assembly, by its simple name.</summary>
    /// <param name="assembly">The assembly's simple name.</param>
    /// <returns>Its methods, or none.</returns>
    public static IReadOnlyList<CacheManifestEntry> For(string assembly)
        => Entries.Where(e => string.Equals(e.Assembly, assembly, StringComparison.Ordinal)).ToArray();

    /// <summary>Adds an assembly's methods; a second registration of the same assembly is ignored. Called by generated code.</summary>
    /// <param name="assembly">The assembly's simple name.</param>
    /// <param name="entries">Its memoized methods.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(string assembly, CacheManifestEntry[] entries)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(entries);
        lock (s_gate)
        {
            if (!s_assemblies.Add(assembly))
            {
                return;
            }

            s_entries = s_entries.Concat(entries.Select(e => e with { Assembly = assembly }))
                .OrderBy(static e => e.Assembly, StringComparer.Ordinal)
                .ThenBy(static e => e.Type, StringComparer.Ordinal)
                .ThenBy(static e => e.Method, StringComparer.Ordinal)
                .ThenBy(static e => e.KeyTemplate, StringComparer.Ordinal)
                .ToArray();
        }
    }
}
