namespace Memoize.Generator.Model;

/// <summary>What the cache manifest lists of one memoized method; the parts of its spec the manifest shows, so the step caches.</summary>
/// <param name="Namespace">The containing namespace, or <see langword="null"/>.</param>
/// <param name="ContainingTypes">The enclosing types, outermost first.</param>
/// <param name="Name">The method's name as an identifier.</param>
/// <param name="TypeParameters">The method's type parameters.</param>
/// <param name="KeyPrefix">The pieces of the key prefix.</param>
/// <param name="KeySegments">The key arguments, in key order.</param>
/// <param name="Store">The store name, or <see langword="null"/>.</param>
/// <param name="TtlSeconds">The time to live in seconds, or <see langword="null"/>.</param>
/// <param name="Sliding">Whether the expiry slides.</param>
internal sealed record ManifestEntrySpec(
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Name,
    EquatableArray<string> TypeParameters,
    EquatableArray<KeyPrefixPart> KeyPrefix,
    EquatableArray<KeySegmentSpec> KeySegments,
    string? Store,
    long? TtlSeconds,
    bool Sliding);

/// <summary>A key argument as the key template shows it: <c>{name}</c>, or <c>{#name}</c> when its value is hashed.</summary>
/// <param name="Name">The parameter's name as an identifier.</param>
/// <param name="Sensitive">Whether its value is hashed.</param>
internal sealed record KeySegmentSpec(string Name, bool Sensitive);
