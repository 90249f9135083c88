namespace Memoize.Generator.Model;

/// <summary>Everything the emitter needs to write one memoized method; strings and enums only.</summary>
internal sealed record CachedMethodSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Modifiers,
    string Name,
    string CoreName,
    string ReturnType,
    ReturnKind ReturnKind,
    string ResultType,
    bool IsStatic,
    EquatableArray<ParameterSpec> Parameters,
    string KeyPrefixExpression,
    string? Store,
    long? TtlSeconds,
    string? ManagerMember,
    string FieldName);

/// <summary>One enclosing type, outermost first: its declaration keyword and name with type parameters.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string NameWithTypeParameters);

/// <summary>How a memoized method returns its result.</summary>
internal enum ReturnKind
{
    Value,
    Task,
    ValueTask,
}
