using System.Collections.Generic;
using System.Text;
using Memoize.Generator.Helpers;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Parsing;

/// <summary>
/// A short hash of a result type's shape: the names and types of its public members, recursively. Changing a cached
/// type changes its fingerprint, so entries written before the change are never read as the new type.
/// </summary>
internal static class ShapeFingerprint
{
    /// <summary>The 8-hex-digit fingerprint, or <see langword="null"/> when the type has no members of its own (primitives, strings, framework types).</summary>
    public static string? Of(ITypeSymbol type)
    {
        var text = new StringBuilder();
        bool hasUserShape = Describe(type, text, 0, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));
        return hasUserShape ? Fnv1a.Hash(text.ToString()) : null;
    }

    private static bool Describe(ITypeSymbol type, StringBuilder text, int depth, HashSet<ITypeSymbol> visiting)
    {
        text.Append(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        bool user = false;
        if (type is INamedTypeSymbol named)
        {
            foreach (ITypeSymbol argument in named.TypeArguments)
            {
                text.Append('<');
                user |= Describe(argument, text, depth + 1, visiting);
                text.Append('>');
            }
        }
        else if (type is IArrayTypeSymbol array)
        {
            text.Append('[');
            user |= Describe(array.ElementType, text, depth + 1, visiting);
            text.Append(']');
        }

        if (type.IsFrameworkType() || depth > 6 || type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || !visiting.Add(type))
        {
            return user;
        }

        text.Append('{');
        foreach ((string name, ITypeSymbol memberType) in type.PublicMembers())
        {
            text.Append(name).Append(':');
            Describe(memberType, text, depth + 1, visiting);
            text.Append(';');
        }

        text.Append('}');
        visiting.Remove(type);
        return true;
    }
}
