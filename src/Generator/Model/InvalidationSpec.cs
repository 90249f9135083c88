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

/// <summary>A cached method to forget: how to reach its descriptor, its arguments tuple, and its manager.</summary>
internal sealed record InvalidationTarget(string FieldAccess, string ArgumentsExpression, string ManagerExpression);

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
