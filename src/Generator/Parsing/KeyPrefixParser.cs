using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Parsing;

/// <summary>The text every key of a method starts with, so no two methods (or closed generic types) share keys.</summary>
internal static class KeyPrefixParser
{
    /// <summary>
    /// The explicit <c>KeyPrefix</c>, or <c>"Namespace.Type.Method"</c> whose type arguments are filled in at run time,
    /// with the parameter types for overloads; both followed by <c>@{fingerprint}</c> when the result type has one.
    /// </summary>
    public static EquatableArray<KeyPrefixPart> Parse(IMethodSymbol method, string? explicitPrefix, bool overloaded, string? fingerprint)
    {
        string suffix = fingerprint is null ? "" : "@" + fingerprint;
        return explicitPrefix is null
            ? Default(method, overloaded, suffix)
            : new EquatableArray<KeyPrefixPart>(new[] { new KeyPrefixPart(explicitPrefix + suffix, IsTypeArgument: false) });
    }

    private static EquatableArray<KeyPrefixPart> Default(IMethodSymbol method, bool overloaded, string suffix)
    {
        var parts = new List<KeyPrefixPart>();
        var text = new StringBuilder();
        if (!method.ContainingNamespace.IsGlobalNamespace)
        {
            text.Append(method.ContainingNamespace.ToDisplayString()).Append('.');
        }

        var types = new Stack<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = method.ContainingType; current is not null; current = current.ContainingType)
        {
            types.Push(current);
        }

        foreach (INamedTypeSymbol type in types)
        {
            text.Append(type.Name);
            AppendTypeArguments(type.TypeParameters, text, parts);
            text.Append('.');
        }

        text.Append(method.Name);
        AppendTypeArguments(method.TypeParameters, text, parts);
        if (overloaded)
        {
            text.Append('(').Append(string.Join(",", method.Parameters.Select(static p => p.Type.ToDisplayString(SymbolFormats.KeyDisplay)))).Append(')');
        }

        text.Append(suffix);
        parts.Add(new KeyPrefixPart(text.ToString(), IsTypeArgument: false));
        return new EquatableArray<KeyPrefixPart>(parts.ToArray());
    }

    /// <summary>Appends <c>&lt;A,B&gt;</c> whose names are filled in at run time from the closed type arguments.</summary>
    private static void AppendTypeArguments(ImmutableArray<ITypeParameterSymbol> typeParameters, StringBuilder text, List<KeyPrefixPart> parts)
    {
        if (typeParameters.Length == 0)
        {
            return;
        }

        text.Append('<');
        for (int i = 0; i < typeParameters.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            parts.Add(new KeyPrefixPart(text.ToString(), IsTypeArgument: false));
            text.Clear();
            parts.Add(new KeyPrefixPart(typeParameters[i].Name, IsTypeArgument: true));
        }

        text.Append('>');
    }
}
