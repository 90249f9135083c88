using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Analysis;

/// <summary>
/// Writes, at build time, the C# statements that put a value of a complex type (lists, dictionaries, records and
/// other types whose public members are all supported, <c>ICacheKey</c>) into a key. No reflection at run time.
/// </summary>
internal static class KeyWriteCode
{
    private const int MaxDepth = 8;
    private const string Writer = "global::Memoize.CompilerServices.CacheKeyWriter";

    /// <summary>Statements writing <paramref name="expression"/> into <paramref name="writer"/>, or <see langword="null"/> when the type has no stable key.</summary>
    public static string? For(ITypeSymbol type, string expression, string writer)
        => Write(type, expression, writer, 0, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static string? Write(ITypeSymbol type, string expression, string writer, int depth, HashSet<ITypeSymbol> visiting)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        KeyShape? simple = KeyTypeClassifier.Classify(type);
        if (simple is not null)
        {
            string value = simple.IsNullableValue ? expression + ".Value" : expression;
            if (simple.WriteCast is not null)
            {
                value = $"({simple.WriteCast}){value}";
            }

            return simple.IsNullableValue
                ? $"if ({expression}.HasValue) {writer}.Write({value}); else {writer}.WriteNull();"
                : $"{writer}.Write({value});";
        }

        if (type.TypeKind is TypeKind.TypeParameter or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Delegate or TypeKind.Dynamic || type.IsRefLikeType)
        {
            return null;
        }

        if (type.AllInterfaces.Any(static i => i.ToDisplayString() == "Memoize.ICacheKey") || type.ToDisplayString() == "Memoize.ICacheKey")
        {
            return $"{writer}.WriteCacheKey({expression});";
        }

        if (Dictionary(type) is { } entry)
        {
            string? key = Lambda(entry.Key, depth, visiting);
            string? value = Lambda(entry.Value, depth, visiting);
            return key is null || value is null ? null : $"{writer}.WriteDictionary({expression}, {key}, {value});";
        }

        if (Element(type) is { } element)
        {
            string? lambda = Lambda(element, depth, visiting);
            return lambda is null ? null : $"{writer}.WriteList({expression}, {lambda});";
        }

        return MemberWise(type, expression, writer, depth, visiting);
    }

    private static string? Lambda(ITypeSymbol type, int depth, HashSet<ITypeSymbol> visiting)
    {
        string name = "e" + depth;
        string writer = "w" + depth;
        string? body = Write(type, name, writer, depth + 1, visiting);
        return body is null ? null : $"static (ref {Writer} {writer}, {type.ToDisplayString(SymbolFormats.FullyQualifiedNullable)} {name}) => {{ {body} }}";
    }

    /// <summary>A type with public members, each of a supported type, written as <c>{Name=value,…}</c> in ordinal member order.</summary>
    private static string? MemberWise(ITypeSymbol type, string expression, string writer, int depth, HashSet<ITypeSymbol> visiting)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || IsFrameworkType(type) || !visiting.Add(type))
        {
            return null;
        }

        try
        {
            IReadOnlyList<(string Name, ITypeSymbol Type)> members = PublicMembers(type);
            if (members.Count == 0)
            {
                return null; // only reference identity: no stable key
            }

            var lines = new List<string> { $"{writer}.BeginObject();" };
            foreach ((string name, ITypeSymbol memberType) in members)
            {
                string? member = Write(memberType, expression + "." + CachedMethodClassifier.EscapeIdentifier(name), writer, depth + 1, visiting);
                if (member is null)
                {
                    return null;
                }

                lines.Add($"{writer}.Member({CachedMethodClassifier.Literal(name)});");
                lines.Add(member);
            }

            lines.Add($"{writer}.EndObject();");
            string body = string.Join(" ", lines);
            return type.IsReferenceType ? $"if ({expression} is null) {writer}.WriteNull(); else {{ {body} }}" : body;
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    /// <summary>The public instance properties and fields that make up a value, in ordinal name order.</summary>
    public static IReadOnlyList<(string Name, ITypeSymbol Type)> PublicMembers(ITypeSymbol type)
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

        return members.OrderBy(static m => m.Item1, System.StringComparer.Ordinal).ToList();
    }

    private static bool IsFrameworkType(ITypeSymbol type)
    {
        string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        return ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.", System.StringComparison.Ordinal);
    }

    private static KeyValuePair<ITypeSymbol, ITypeSymbol>? Dictionary(ITypeSymbol type)
    {
        foreach (INamedTypeSymbol candidate in Self(type).Concat(type.AllInterfaces))
        {
            string name = candidate.OriginalDefinition.ToDisplayString();
            if (name is "System.Collections.Generic.IDictionary<TKey, TValue>" or "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>")
            {
                return new KeyValuePair<ITypeSymbol, ITypeSymbol>(candidate.TypeArguments[0], candidate.TypeArguments[1]);
            }
        }

        return null;
    }

    private static ITypeSymbol? Element(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return array.ElementType;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        foreach (INamedTypeSymbol candidate in Self(type).Concat(type.AllInterfaces))
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return candidate.TypeArguments[0];
            }
        }

        return null;
    }

    private static IEnumerable<INamedTypeSymbol> Self(ITypeSymbol type)
        => type is INamedTypeSymbol { TypeKind: TypeKind.Interface } named ? [named] : [];
}
