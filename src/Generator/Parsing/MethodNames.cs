using System.Linq;
using System.Text;
using Memoize.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Parsing;

/// <summary>
/// The names generated for a method that stay the same from build to build: its file name and the stem of its
/// generated members, with a hash of the parameter types that tells overloads apart.
/// </summary>
internal static class MethodNames
{
    /// <summary>Whether the containing type has other methods of the same name.</summary>
    public static bool IsOverloaded(IMethodSymbol method)
        => method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count() > 1;

    /// <summary><c>_{hash of the parameter types}</c> for an overloaded method, otherwise empty.</summary>
    public static string OverloadSuffix(IMethodSymbol method) => OverloadSuffix(method, IsOverloaded(method));

    /// <summary>The overload suffix, given whether the method is overloaded.</summary>
    public static string OverloadSuffix(IMethodSymbol method, bool overloaded)
        => overloaded ? "_" + Fnv1a.Hash(string.Join(",", method.Parameters.Select(static p => p.Type.ToDisplayString(SymbolFormats.KeyDisplay)))) : "";

    /// <summary>The generated file name: <c>{Namespace}.{Type}.{Method}{overload suffix}{suffix}.g.cs</c>.</summary>
    public static string HintName(IMethodSymbol method, string suffix) => HintName(method, OverloadSuffix(method), suffix);

    /// <summary>The generated file name, given the method's overload suffix.</summary>
    public static string HintName(IMethodSymbol method, string overloadSuffix, string suffix)
    {
        var builder = new StringBuilder();
        if (!method.ContainingNamespace.IsGlobalNamespace)
        {
            builder.Append(method.ContainingNamespace.ToDisplayString()).Append('.');
        }

        var types = new System.Collections.Generic.Stack<string>();
        for (INamedTypeSymbol? current = method.ContainingType; current is not null; current = current.ContainingType)
        {
            types.Push(current.MetadataName.Replace('`', '_'));
        }

        builder.Append(string.Join(".", types)).Append('.').Append(method.Name).Append(overloadSuffix).Append(suffix).Append(".g.cs");
        return builder.ToString();
    }
}
