namespace Memoize.Generator.Model;

/// <summary>
/// A method Memoize cannot generate, whose declaration is otherwise sound: the generator writes a body that throws,
/// so the compiler reports no "missing implementation" error and the analyzer's diagnostic is the only message.
/// </summary>
internal sealed record StubSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Signature,
    string Message,
    bool Unsafe);
