namespace Memoize.Generator.Model;

/// <summary>Everything the emitter needs to write one memoized method; strings, booleans and enums only.</summary>
internal sealed record CachedMethodSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Modifiers,
    string Accessibility,
    string Name,
    string CoreName,
    string TypeParameters,
    string Constraints,
    string ReturnType,
    ReturnKind ReturnKind,
    string ResultType,
    bool IsStatic,
    EquatableArray<ParameterSpec> Parameters,
    string KeyPrefixExpression,
    string? Store,
    long? TtlSeconds,
    bool Sliding,
    UnlessSpec? Unless,
    string? ManagerMember,
    string FieldName,
    bool HasKeyBuilder = true)
{
    /// <summary>How generated code reaches the method's <c>CachedMethod</c> instance.</summary>
    public string FieldAccess => TypeParameters.Length == 0 ? FieldName : FieldName + "_Holder" + TypeParameters + ".Method";
}

/// <summary>One enclosing type, outermost first: its declaration keyword and name with type parameters.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string NameWithTypeParameters);

/// <summary>The method named by <c>Unless</c>: <c>bool M(TResult result)</c>.</summary>
internal sealed record UnlessSpec(string Name, bool IsStatic);

/// <summary>How a memoized method returns its result.</summary>
internal enum ReturnKind
{
    Value,
    Task,
    ValueTask,
}
