namespace Memoize.Generator.Model;

/// <summary>
/// A method Memoize cannot generate, whose declaration is otherwise sound: the generator writes a body that throws,
/// so the compiler reports no "missing implementation" error and the analyzer's diagnostic is the only message.
/// </summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Namespace">The containing namespace, or <see langword="null"/>.</param>
/// <param name="ContainingTypes">The enclosing types, outermost first.</param>
/// <param name="Modifiers">The declaration's modifier keywords as written.</param>
/// <param name="ReturnRefKind">Whether the method returns by reference.</param>
/// <param name="ReturnType">The return type, fully qualified.</param>
/// <param name="Name">The method's name as an identifier.</param>
/// <param name="TypeParameters">The method's type parameters.</param>
/// <param name="Parameters">Its parameters, as declared.</param>
/// <param name="Message">The message of the exception the body throws.</param>
/// <param name="Unsafe">Whether the signature mentions pointers.</param>
internal sealed record StubSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Modifiers,
    ReturnRefKind ReturnRefKind,
    string ReturnType,
    string Name,
    EquatableArray<TypeParameterSpec> TypeParameters,
    EquatableArray<ParameterSpec> Parameters,
    string Message,
    bool Unsafe);

/// <summary>How a method returns its value.</summary>
internal enum ReturnRefKind
{
    Value,
    Ref,
    RefReadOnly,
}
