namespace Memoize.Generator.Model;

/// <summary>A method type parameter and its constraints, which a partial declaration's implementation repeats.</summary>
/// <param name="Name">The name as an identifier.</param>
/// <param name="SpecialConstraint">The constraint that comes first (<c>class</c>, <c>struct</c>, ...), if any.</param>
/// <param name="ConstraintTypes">The base type and interfaces it must derive from, fully qualified.</param>
/// <param name="HasConstructorConstraint">Whether it needs a public parameterless constructor (<c>new()</c>), and is not a value type already.</param>
internal sealed record TypeParameterSpec(string Name, SpecialConstraint SpecialConstraint, EquatableArray<string> ConstraintTypes, bool HasConstructorConstraint);

/// <summary>The special constraint a type parameter has.</summary>
internal enum SpecialConstraint
{
    None,
    ReferenceType,
    NullableReferenceType,
    Unmanaged,
    ValueType,
    NotNull,
}
