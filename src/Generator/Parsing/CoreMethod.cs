using System.Collections.Generic;
using System.Linq;
using System.Text;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Parsing;

/// <summary>The <c>{Name}Core</c> method that computes a cached method's value: how it is found and what it must look like.</summary>
internal static class CoreMethod
{
    /// <summary>The suffix of the method that computes the value.</summary>
    public const string Suffix = "Core";

    /// <summary>The Core method whose parameters and return type match, reporting why there is none.</summary>
    public static IMethodSymbol? Find(IMethodSymbol method, Location location, List<Problem> problems)
    {
        IMethodSymbol[] candidates = method.ContainingType.GetMembers(method.Name + Suffix).OfType<IMethodSymbol>().ToArray();
        IMethodSymbol? match = candidates.FirstOrDefault(candidate => Matches(method, candidate));
        if (match is null)
        {
            ProblemKind kind = candidates.Length == 0 ? ProblemKind.CoreMethodMissing : ProblemKind.CoreMethodMismatch;
            problems.Add(new Problem(kind, location, method.Name, method.Name + Suffix, Signature(method)));
        }

        return match;
    }

    /// <summary>The declaration a user must write for the Core method, for messages and code fixes.</summary>
    public static string Signature(IMethodSymbol method)
    {
        var builder = new StringBuilder();
        builder.Append(method.IsStatic ? "private static " : "private ");
        builder.Append(method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        builder.Append(' ').Append(method.Name).Append(Suffix).Append('(');
        builder.Append(string.Join(", ", method.Parameters.Select(static p => ParameterText.RefKindPrefix(ParameterParser.RefKindOf(p)) + p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " " + Identifiers.Escape(p.Name))));
        return builder.Append(')').ToString();
    }

    private static bool Matches(IMethodSymbol method, IMethodSymbol candidate)
    {
        if (candidate.Arity == method.Arity && method.Arity > 0)
        {
            // Compare the signatures with the Core method's type parameters replaced by the method's own.
            candidate = candidate.Construct(method.TypeParameters.Cast<ITypeSymbol>().ToArray());
        }

        if (candidate.Parameters.Length != method.Parameters.Length || candidate.Arity != method.Arity
            || method.IsStatic != candidate.IsStatic
            || !SymbolEqualityComparer.Default.Equals(candidate.ReturnType, method.ReturnType))
        {
            return false;
        }

        for (int i = 0; i < method.Parameters.Length; i++)
        {
            if (candidate.Parameters[i].RefKind != method.Parameters[i].RefKind
                || !SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].Type, method.Parameters[i].Type))
            {
                return false;
            }
        }

        return true;
    }
}
