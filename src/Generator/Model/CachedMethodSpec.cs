namespace Memoize.Generator.Model;

/// <summary>Everything the emitter needs to write one memoized method: names, kinds and flags, no C# text.</summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Namespace">The containing namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">The enclosing types, outermost first.</param>
/// <param name="Modifiers">The declaration's modifier keywords as written (<c>public static partial</c>).</param>
/// <param name="Accessibility">Its accessibility keywords only, empty when it has none.</param>
/// <param name="Name">The method's name as an identifier (with <c>@</c> for keywords).</param>
/// <param name="CoreName">The name of the method that computes the value.</param>
/// <param name="TypeParameters">The method's own type parameters.</param>
/// <param name="ReturnType">The declared return type, fully qualified.</param>
/// <param name="ReturnKind">Whether the result is returned directly or in a task.</param>
/// <param name="ResultType">The cached value's type, fully qualified.</param>
/// <param name="IsStatic">Whether the method is static.</param>
/// <param name="Parameters">The parameters in declaration order.</param>
/// <param name="KeyPrefix">The pieces of the key prefix.</param>
/// <param name="Store">The store name, or <see langword="null"/> for the manager's default.</param>
/// <param name="TtlSeconds">The time to live in seconds, or <see langword="null"/>.</param>
/// <param name="Sliding">Whether the expiry slides.</param>
/// <param name="Resilience">The resilience options the attribute sets, or <see langword="null"/> when it sets none.</param>
/// <param name="Unless">The method that vetoes caching a result, if any.</param>
/// <param name="Manager">The member that holds the cache manager, or <see langword="null"/> for the default manager.</param>
/// <param name="FieldName">The name of the generated descriptor field (and the stem of the other generated names).</param>
/// <param name="HasKeyBuilder">Whether a <c>{Name}CacheKey</c> method is generated (not when an overload has the same key types).</param>
internal sealed record CachedMethodSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Modifiers,
    string Accessibility,
    string Name,
    string CoreName,
    EquatableArray<TypeParameterSpec> TypeParameters,
    string ReturnType,
    ReturnKind ReturnKind,
    string ResultType,
    bool IsStatic,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<KeyPrefixPart> KeyPrefix,
    string? Store,
    long? TtlSeconds,
    bool Sliding,
    ResilienceSpec? Resilience,
    UnlessSpec? Unless,
    ManagerMemberSpec? Manager,
    string FieldName,
    bool HasKeyBuilder = true);

/// <summary>One enclosing type, outermost first: what kind of type it is and its name with type parameters.</summary>
internal sealed record ContainingTypeSpec(ContainingTypeKind Kind, string NameWithTypeParameters);

/// <summary>The kind of an enclosing type, which its partial declaration repeats.</summary>
internal enum ContainingTypeKind
{
    Class,
    Struct,
    Record,
    RecordStruct,
    Interface,
}

/// <summary>The method named by <c>Unless</c>: <c>bool M(TResult result)</c>.</summary>
internal sealed record UnlessSpec(string Name, bool IsStatic);

/// <summary>The one field or property of the containing type that holds a cache manager.</summary>
/// <param name="Name">The member's name as an identifier.</param>
/// <param name="IsStatic">Whether it is static (otherwise it is read from the instance).</param>
internal sealed record ManagerMemberSpec(string Name, bool IsStatic);

/// <summary>How a memoized method returns its result.</summary>
internal enum ReturnKind
{
    Value,
    Task,
    ValueTask,
}
