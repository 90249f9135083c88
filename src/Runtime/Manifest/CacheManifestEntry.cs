using System;
using System.ComponentModel;

namespace Memoize;

/// <summary>One memoized method as the generator saw it at build time.</summary>
/// <param name="Assembly">The simple name of the assembly that declares the method.</param>
/// <param name="Type">The declaring type, with namespace and type parameters (<c>Shop.Repo&lt;T&gt;</c>).</param>
/// <param name="Method">The method's name, with type parameters for a generic method.</param>
/// <param name="KeyTemplate">
/// The shape of the method's keys: the prefix, then one <c>{parameter}</c> segment per key argument, each after a
/// <c>:</c> (<c>{#parameter}</c> when the argument is hashed by <c>[Sensitive]</c>). A prefix computed at run time
/// (generic containing types, overloads) is written as the method's full name.
/// </param>
/// <param name="Store">The store name, or <see langword="null"/> for the manager's default store.</param>
/// <param name="Ttl">The time to live, or <see langword="null"/> for the manager's default.</param>
/// <param name="Sliding">Whether a hit extends the entry's life.</param>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public sealed record CacheManifestEntry(string Assembly, string Type, string Method, string KeyTemplate, string? Store, TimeSpan? Ttl, bool Sliding);
