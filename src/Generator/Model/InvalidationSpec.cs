namespace Memoize.Generator.Model;

/// <summary>One <c>[InvalidatesCache]</c> method: its signature and the cached methods whose entries it removes.</summary>
internal sealed record InvalidationSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Modifiers,
    string Name,
    string ReturnType,
    InvalidationReturn Return,
    EquatableArray<ParameterSpec> Parameters,
    string? CancellationToken,
    EquatableArray<InvalidationTarget> Targets);

/// <summary>
/// A cached method to forget: only what the code that forgets its entry needs (its descriptor, key arguments and
/// manager), so editing the target's duration or store does not regenerate the invalidating method.
/// </summary>
/// <param name="MethodName">The target's name as an identifier.</param>
/// <param name="FieldName">The target's descriptor field (targets are never generic methods).</param>
/// <param name="KeyParameters">The target's key parameters, which the invalidating method takes by name.</param>
/// <param name="Manager">The target's cache manager member, or <see langword="null"/> for the default manager.</param>
internal sealed record InvalidationTarget(string MethodName, string FieldName, EquatableArray<ParameterSpec> KeyParameters, ManagerMemberSpec? Manager);

/// <summary>What an invalidating method returns.</summary>
internal enum InvalidationReturn
{
    Void,
    Bool,
    Task,
    TaskOfBool,
    ValueTask,
    ValueTaskOfBool,
}
