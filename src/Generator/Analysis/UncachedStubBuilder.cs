using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Analysis;

/// <summary>
/// Decides whether a method that cannot be cached gets a throwing implementation, so that the only errors the user
/// sees are the analyzers' (see <see cref="UncachedStubSpec"/>), and describes it.
/// </summary>
internal static class UncachedStubBuilder
{
    /// <summary>
    /// The stub for a partial definition (<c>[Cached]</c> or <c>[InvalidatesCache]</c>) that has problems, or <see langword="null"/> when the method can be cached,
    /// or when no implementation can be added (the method or a containing type is not partial, or the user wrote one).
    /// </summary>
    public static UncachedStubSpec? Create(IMethodSymbol method, MethodDeclarationSyntax declaration, ImmutableArray<Problem> problems)
    {
        if (problems.IsEmpty
            || problems.Any(static p => p.Kind is ProblemKind.MethodNotPartial or ProblemKind.ContainingTypeNotPartial)
            || method.PartialImplementationPart is { } implementation && !CachedMethodClassifier.IsGenerated(implementation))
        {
            return null;
        }

        var header = new StringBuilder();
        header.Append(string.Join(" ", declaration.Modifiers.Where(static m => !m.IsKind(SyntaxKind.AsyncKeyword)).Select(static m => m.Text)));
        header.Append(method.ReturnsByRefReadonly ? " ref readonly " : method.ReturnsByRef ? " ref " : " ").Append(Type(method.ReturnType));
        header.Append(' ').Append(CachedMethodClassifier.EscapeIdentifier(method.Name));
        if (method.TypeParameters.Length > 0)
        {
            header.Append('<').Append(string.Join(", ", method.TypeParameters.Select(static t => CachedMethodClassifier.EscapeIdentifier(t.Name)))).Append('>');
        }

        header.Append('(').Append(string.Join(", ", method.Parameters.Select(Parameter))).Append(')');

        // Its own file name, beside the one a cached body would have had; the arity tells generic overloads apart.
        string hintName = CachedMethodClassifier.HintName(method, "_" + CachedMethodClassifier.SignatureHash(method) + "_" + method.Arity)
            .Replace(".g.cs", ".uncached.g.cs");

        return new UncachedStubSpec(
            hintName,
            method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString(),
            CachedMethodClassifier.ContainingTypeSpecs(method.ContainingType),
            header.ToString(),
            GenericConstraints.Clauses(method.TypeParameters),
            // The user's type may be declared unsafe; the generated part of it is not, unless it says so itself.
            MentionsPointers(method),
            $"Memoize could not generate '{method.Name}': the build reports why at its declaration.");
    }

    private static string Parameter(IParameterSymbol parameter)
    {
        var text = new StringBuilder();
        if (parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true })
        {
            text.Append("this ");
        }

        if (parameter.ScopedKind != ScopedKind.None && parameter.RefKind != RefKind.Out) // out is scoped without saying so
        {
            text.Append("scoped ");
        }

        if (parameter.IsParams)
        {
            text.Append("params ");
        }

        text.Append(CachedMethodClassifier.RefKindPrefix(parameter.RefKind)).Append(Type(parameter.Type)).Append(' ').Append(CachedMethodClassifier.EscapeIdentifier(parameter.Name));
        return text.ToString();
    }

    private static bool MentionsPointers(IMethodSymbol method)
        => IsPointer(method.ReturnType) || method.Parameters.Any(static p => IsPointer(p.Type));

    private static bool IsPointer(ITypeSymbol type) => type switch
    {
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
        IArrayTypeSymbol array => IsPointer(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(IsPointer),
        _ => false,
    };

    private static string Type(ITypeSymbol type) => type.ToDisplayString(SymbolFormats.FullyQualifiedNullable);
}
