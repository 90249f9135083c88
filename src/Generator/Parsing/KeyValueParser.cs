using System.Collections.Generic;
using System.Linq;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Parsing;

/// <summary>
/// Decides how a value of a given type is written into a key: a scalar the key writer takes as it is, or a list,
/// dictionary, <c>ICacheKey</c> or object whose public members are all supported. No reflection at run time: the
/// emitter writes the statements for the shape found here.
/// </summary>
internal static class KeyValueParser
{
    private const int MaxDepth = 8;

    /// <summary>The key shape of <paramref name="type"/>, or <see langword="null"/> when it has no stable key text.</summary>
    public static KeyValueSpec? Parse(ITypeSymbol type)
        => Scalar(type) ?? Composite(type, 0, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static KeyValueSpec? Parse(ITypeSymbol type, int depth, HashSet<ITypeSymbol> visiting)
        => depth > MaxDepth ? null : Scalar(type) ?? Composite(type, depth, visiting);

    /// <summary>A value that is not a scalar: an <c>ICacheKey</c>, a dictionary, a list, or an object of its members.</summary>
    private static KeyValueSpec? Composite(ITypeSymbol type, int depth, HashSet<ITypeSymbol> visiting)
    {
        if (type.TypeKind is TypeKind.TypeParameter or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Delegate or TypeKind.Dynamic || type.IsRefLikeType)
        {
            return null;
        }

        string display = type.ToDisplayString(SymbolFormats.FullyQualifiedNullable);
        if (type.AllInterfaces.Any(static i => i.ToDisplayString() == KnownTypes.CacheKeyInterface) || type.ToDisplayString() == KnownTypes.CacheKeyInterface)
        {
            return new KeyValueSpec(KeyValueKind.CacheKey, display);
        }

        if (Dictionary(type) is { } entry)
        {
            KeyValueSpec? key = Parse(entry.Key, depth + 1, visiting);
            KeyValueSpec? value = Parse(entry.Value, depth + 1, visiting);
            return key is null || value is null ? null : new KeyValueSpec(KeyValueKind.Dictionary, display, Elements: new EquatableArray<KeyValueSpec>(new[] { key, value }));
        }

        if (Element(type) is { } element)
        {
            KeyValueSpec? item = Parse(element, depth + 1, visiting);
            return item is null ? null : new KeyValueSpec(KeyValueKind.List, display, Elements: new EquatableArray<KeyValueSpec>(new[] { item }));
        }

        return MemberWise(type, display, depth, visiting);
    }

    /// <summary>A type with public members, each of a supported type, written as <c>{Name=value,…}</c> in ordinal member order.</summary>
    private static KeyValueSpec? MemberWise(ITypeSymbol type, string display, int depth, HashSet<ITypeSymbol> visiting)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsFrameworkType() || !visiting.Add(type))
        {
            return null;
        }

        try
        {
            IReadOnlyList<(string Name, ITypeSymbol Type)> members = type.PublicMembers();
            if (members.Count == 0)
            {
                return null; // only reference identity: no stable key
            }

            var written = new List<KeyMemberSpec>();
            foreach ((string name, ITypeSymbol memberType) in members)
            {
                KeyValueSpec? member = Parse(memberType, depth + 1, visiting);
                if (member is null)
                {
                    return null;
                }

                written.Add(new KeyMemberSpec(name, member));
            }

            return new KeyValueSpec(KeyValueKind.Object, display, Members: written.ToEquatableArray(), IsReferenceType: type.IsReferenceType);
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    /// <summary>A value the key writer writes as it is, or <see langword="null"/>.</summary>
    private static KeyValueSpec? Scalar(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            KeyValueSpec? inner = NonNullableScalar(nullable.TypeArguments[0]);
            return inner is null ? null : inner with { IsNullableValue = true, Type = inner.Type + "?" };
        }

        return NonNullableScalar(type);
    }

    private static KeyValueSpec? NonNullableScalar(ITypeSymbol type)
    {
        KeyValueKind? kind = ScalarKind(type, out string? writeCast);
        return kind is null ? null : new KeyValueSpec(kind.Value, type.ToDisplayString(SymbolFormats.FullyQualifiedNullable), writeCast);
    }

    /// <summary>The kind of a scalar type, and the type it is widened to when the writer has no overload for it.</summary>
    private static KeyValueKind? ScalarKind(ITypeSymbol type, out string? writeCast)
    {
        writeCast = null;
        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Char:
            case SpecialType.System_Boolean:
            case SpecialType.System_Int32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt32:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
                return KeyValueKind.Scalar;
            // The writer has no overloads for the small integers; widening keeps the same key text.
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
                writeCast = "int";
                return KeyValueKind.Scalar;
            case SpecialType.System_Byte:
            case SpecialType.System_UInt16:
                writeCast = "uint";
                return KeyValueKind.Scalar;
            case SpecialType.System_IntPtr:
                writeCast = "long";
                return KeyValueKind.Scalar;
            case SpecialType.System_UIntPtr:
                writeCast = "ulong";
                return KeyValueKind.Scalar;
        }

        if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol { EnumUnderlyingType: { } underlying })
        {
            bool unsigned = underlying.SpecialType is SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64;
            writeCast = unsigned ? "ulong" : "long";
            return KeyValueKind.Scalar;
        }

        switch (MetadataName(type))
        {
            case "System.Guid":
            case "System.DateOnly":
            case "System.TimeOnly":
            case "System.TimeSpan":
            case "System.Half":
            case "System.Int128":
            case "System.UInt128":
                return KeyValueKind.Scalar;
            case "System.DateTime":
                return KeyValueKind.DateTime;
            case "System.DateTimeOffset":
                return KeyValueKind.DateTimeOffset;
            default:
                return null;
        }
    }

    private static string MetadataName(ITypeSymbol type)
        => type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

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
