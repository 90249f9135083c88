using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Analysis;

/// <summary>
/// Builds the throwing body written for a method Memoize cannot generate. Without it the compiler would report its
/// own "partial method must have an implementation" error, and a command-line build does not run analyzers on a
/// compilation with errors: the user would never see the Memoize diagnostic that says what to fix.
/// </summary>
internal static class StubBuilder
{
    /// <summary>
    /// A stub when the declaration itself is a sound partial definition in partial types; <see langword="null"/>
    /// when there is nothing to stub or the compiler already reports the declaration (not partial, has a body).
    /// </summary>
    public static StubSpec? For(IMethodSymbol method, MethodDeclarationSyntax declaration, ImmutableArray<Problem> problems, string hintSuffix)
    {
        if (problems.IsDefaultOrEmpty || problems.Any(static p => p.Kind is ProblemKind.MethodNotPartial or ProblemKind.ContainingTypeNotPartial))
        {
            return null;
        }

        string ids = string.Join(", ", problems.Select(static p => ProblemIds.Of(p.Kind)).Distinct());
        string message = $"Memoize did not generate '{method.ContainingType.Name}.{method.Name}' because of {ids}: fix the build error(s) reported for it.";
        string returnType = (method.ReturnsByRefReadonly ? "ref readonly " : method.ReturnsByRef ? "ref " : "") + method.ReturnType.ToDisplayString(SymbolFormats.FullyQualifiedNullable);
        string typeParameters = method.IsGenericMethod ? "<" + string.Join(", ", method.TypeParameters.Select(static p => CachedMethodClassifier.EscapeIdentifier(p.Name))) + ">" : "";
        string constraints = GenericConstraints.Clauses(method.TypeParameters);
        string signature = $"{string.Join(" ", declaration.Modifiers.Select(static m => m.Text))} {returnType} {CachedMethodClassifier.EscapeIdentifier(method.Name)}{typeParameters}({Parameters(method)}){(constraints.Length == 0 ? "" : " " + constraints)}";

        string hint = CachedMethodClassifier.HintNameOf(method, hintSuffix);
        return new StubSpec(hint, method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString(), CachedMethodClassifier.ContainingTypeSpecs(method.ContainingType), signature, message, MentionsPointers(method));
    }

    private static string Parameters(IMethodSymbol method)
    {
        var parts = new List<string>();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            string modifier = CachedMethodClassifier.RefKindPrefix(parameter.RefKind);
            if (parameter.IsParams)
            {
                modifier = "params " + modifier;
            }

            if (method.IsExtensionMethod && parameter.Ordinal == 0)
            {
                modifier = "this " + modifier;
            }

            parts.Add(modifier + parameter.Type.ToDisplayString(SymbolFormats.FullyQualifiedNullable) + " " + CachedMethodClassifier.EscapeIdentifier(parameter.Name));
        }

        return string.Join(", ", parts);
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
