using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Helpers;

/// <summary>Questions about symbols that the generator's parsing and the analyzers both ask.</summary>
internal static class SymbolExtensions
{
    /// <summary>Whether <paramref name="type"/> is the type with this metadata name (<c>Namespace.Name`1</c>).</summary>
    public static bool IsNamed(this ITypeSymbol type, string metadataName)
        => type.ContainingNamespace is { } ns && (ns.ToDisplayString() + "." + type.MetadataName) == metadataName;

    /// <summary>Whether <paramref name="symbol"/> carries the attribute with this metadata name.</summary>
    public static bool HasAttribute(this ISymbol symbol, string metadataName)
        => symbol.GetAttributes().Any(a => a.AttributeClass is { } c && c.IsNamed(metadataName));

    /// <summary>A type of the framework (<c>System.*</c>, <c>Microsoft.*</c>): its members are not the user's to describe.</summary>
    public static bool IsFrameworkType(this ITypeSymbol type)
    {
        string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        return ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.", StringComparison.Ordinal);
    }

    /// <summary>The public instance properties and fields that make up a value, in ordinal name order.</summary>
    public static IReadOnlyList<(string Name, ITypeSymbol Type)> PublicMembers(this ITypeSymbol type)
    {
        var members = new List<(string, ITypeSymbol)>();
        var seen = new HashSet<string>();
        for (ITypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            foreach (ISymbol member in current.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || !seen.Add(member.Name))
                {
                    continue;
                }

                switch (member)
                {
                    case IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property:
                        members.Add((property.Name, property.Type));
                        break;
                    case IFieldSymbol { IsImplicitlyDeclared: false } field:
                        members.Add((field.Name, field.Type));
                        break;
                }
            }
        }

        return members.OrderBy(static m => m.Item1, StringComparer.Ordinal).ToList();
    }
}
