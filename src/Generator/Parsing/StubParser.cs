using System.Collections.Immutable;
using System.Linq;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Parsing;

/// <summary>
/// Describes the throwing body written for a method Memoize cannot generate. Without it the compiler would report its
/// own "partial method must have an implementation" error, and a command-line build does not run analyzers on a
/// compilation with errors: the user would never see the Memoize diagnostic that says what to fix.
/// </summary>
internal static class StubParser
{
    /// <summary>
    /// A stub when the declaration itself is a sound partial definition in partial types; <see langword="null"/>
    /// when there is nothing to stub or the compiler already reports the declaration (not partial, has a body).
    /// </summary>
    public static StubSpec? Parse(IMethodSymbol method, MethodDeclarationSyntax declaration, ImmutableArray<Problem> problems, string hintSuffix)
    {
        if (problems.IsDefaultOrEmpty || problems.Any(static p => p.Kind is ProblemKind.MethodNotPartial or ProblemKind.ContainingTypeNotPartial))
        {
            return null;
        }

        string ids = string.Join(", ", problems.Select(static p => ProblemIds.Of(p.Kind)).Distinct());
        return new StubSpec(
            HintName: MethodNames.HintName(method, hintSuffix),
            Namespace: Declarations.NamespaceOf(method),
            ContainingTypes: Declarations.ContainingTypes(method.ContainingType),
            Modifiers: Declarations.Modifiers(declaration),
            ReturnRefKind: method.ReturnsByRefReadonly ? ReturnRefKind.RefReadOnly : method.ReturnsByRef ? ReturnRefKind.Ref : ReturnRefKind.Value,
            ReturnType: method.ReturnType.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            Name: Identifiers.Escape(method.Name),
            TypeParameters: Declarations.TypeParameters(method),
            Parameters: method.Parameters.Select(p => ParameterParser.ParseAsDeclared(method, p)).ToEquatableArray(),
            Message: $"Memoize did not generate '{method.ContainingType.Name}.{method.Name}' because of {ids}: fix the build error(s) reported for it.",
            Unsafe: MentionsPointers(method));
    }

    /// <summary>
    /// Whether the signature has pointers: the user's type declaration may be <c>unsafe</c>, but the generated part of
    /// the type is not unless it says so (both parts of a partial method must agree on <c>unsafe</c>, so the type is).
    /// </summary>
    private static bool MentionsPointers(IMethodSymbol method)
        => IsPointer(method.ReturnType) || method.Parameters.Any(static p => IsPointer(p.Type));

    private static bool IsPointer(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => IsPointer(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(IsPointer),
        _ => false,
    };
}
