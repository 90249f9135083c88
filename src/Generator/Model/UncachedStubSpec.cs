namespace Memoize.Generator.Model;

/// <summary>
/// The implementation written for a <c>[Cached]</c> partial method that cannot be cached: it only throws. Without it the
/// compiler reports its own error (CS8795, a partial method without implementation), and a build with a compiler error
/// never shows the analyzers' messages that say what is wrong.
/// </summary>
/// <param name="HintName">A file name unique to the method.</param>
/// <param name="Namespace">The containing namespace, or <see langword="null"/> for the global one.</param>
/// <param name="ContainingTypes">The enclosing types, outermost first.</param>
/// <param name="Declaration">The implementing declaration without its body, with every type fully qualified.</param>
/// <param name="Constraints">The <c>where</c> clauses of a generic method, or empty.</param>
/// <param name="Unsafe">Whether the signature has pointers, so the generated type declarations must be <c>unsafe</c>.</param>
/// <param name="Message">The message of the exception the body throws.</param>
internal sealed record UncachedStubSpec(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    string Declaration,
    string Constraints,
    bool Unsafe,
    string Message);
