namespace Memoize.Generator.Emit;

/// <summary>
/// Every type of the Memoize runtime that generated code names, in one place: moving a runtime type to another
/// namespace is an edit of this file only.
/// </summary>
internal static class RuntimeTypeNames
{
    /// <summary>The descriptor of one memoized method (generic over its key tuple and result).</summary>
    public const string CachedMethod = "global::Memoize.CompilerServices.CachedMethod";

    /// <summary>The resilience options a descriptor carries when the attribute sets any.</summary>
    public const string RememberOptions = "global::Memoize.RememberOptions";

    /// <summary>The writer a key is formatted with.</summary>
    public const string CacheKeyWriter = "global::Memoize.CompilerServices.CacheKeyWriter";

    /// <summary>The cache manager whose <c>Default</c> serves types without a manager member.</summary>
    public const string CacheManager = "global::Memoize.CacheManager";

    /// <summary>Names type arguments in the key prefix of a generic method or type.</summary>
    public const string KeyTypeNames = "global::Memoize.CompilerServices.KeyTypeNames";

    /// <summary>Carries a <c>DateTime</c> key argument, compared by its written form.</summary>
    public const string KeyDateTime = "global::Memoize.CompilerServices.KeyDateTime";

    /// <summary>Carries a <c>DateTimeOffset</c> key argument, compared by its written form.</summary>
    public const string KeyDateTimeOffset = "global::Memoize.CompilerServices.KeyDateTimeOffset";

    /// <summary>The registry of every assembly's memoized methods.</summary>
    public const string CacheManifest = "global::Memoize.CacheManifest";

    /// <summary>One line of the registry.</summary>
    public const string CacheManifestEntry = "global::Memoize.CacheManifestEntry";
}
