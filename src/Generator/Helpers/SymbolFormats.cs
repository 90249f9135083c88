using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Helpers;

/// <summary>The symbol display formats the generated code uses.</summary>
internal static class SymbolFormats
{
    /// <summary><c>global::</c>-qualified, with nullable reference annotations, so declarations match exactly.</summary>
    public static readonly SymbolDisplayFormat FullyQualifiedNullable = SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(
        SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Readable C# names for key prefixes (<c>int</c>, <c>System.Guid</c>), never containing the key separator.</summary>
    public static readonly SymbolDisplayFormat KeyDisplay = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.ExpandNullable);
}
