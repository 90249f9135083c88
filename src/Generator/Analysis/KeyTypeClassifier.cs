using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Analysis;

/// <summary>Decides how an argument of a given type is written into a key, or that it cannot be.</summary>
internal static class KeyTypeClassifier
{
    /// <summary>The key shape of <paramref name="type"/>, or <see langword="null"/> when it has no stable key text.</summary>
    public static KeyShape? Classify(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            KeyShape? inner = ClassifyNonNullable(nullable.TypeArguments[0]);
            return inner is null ? null : inner with { IsNullableValue = true, KeyType = inner.KeyType + "?" };
        }

        return ClassifyNonNullable(type);
    }

    private static KeyShape? ClassifyNonNullable(ITypeSymbol type)
    {
        string display = type.ToDisplayString(SymbolFormats.FullyQualifiedNullable);
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
                return new KeyShape(KeyFormat.Direct, display, null, false);
            // The writer has no overloads for the small integers; widening keeps the same key text.
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
                return new KeyShape(KeyFormat.Direct, display, "int", false);
            case SpecialType.System_Byte:
            case SpecialType.System_UInt16:
                return new KeyShape(KeyFormat.Direct, display, "uint", false);
            case SpecialType.System_IntPtr:
                return new KeyShape(KeyFormat.Direct, display, "long", false);
            case SpecialType.System_UIntPtr:
                return new KeyShape(KeyFormat.Direct, display, "ulong", false);
        }

        if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol { EnumUnderlyingType: { } underlying })
        {
            bool unsigned = underlying.SpecialType is SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64;
            return new KeyShape(KeyFormat.Direct, display, unsigned ? "ulong" : "long", false);
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
                return new KeyShape(KeyFormat.Direct, display, null, false);
            case "System.DateTime":
                return new KeyShape(KeyFormat.Wrapped, KnownTypes.KeyDateTime, null, false);
            case "System.DateTimeOffset":
                return new KeyShape(KeyFormat.Wrapped, KnownTypes.KeyDateTimeOffset, null, false);
            default:
                return null;
        }
    }

    private static string MetadataName(ITypeSymbol type)
        => type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
}

/// <summary>How one key argument is carried and written.</summary>
/// <param name="Format">Direct or wrapped.</param>
/// <param name="KeyType">The tuple element type.</param>
/// <param name="WriteCast">A cast before the writer call, for enums and native integers.</param>
/// <param name="IsNullableValue">Whether the parameter is a <c>Nullable&lt;T&gt;</c>.</param>
internal sealed record KeyShape(KeyFormat Format, string KeyType, string? WriteCast, bool IsNullableValue);
