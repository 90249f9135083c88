using Microsoft.CodeAnalysis.CSharp;

namespace Memoize.Generator.Helpers;

/// <summary>String literals in generated code and in messages that quote a value.</summary>
internal static class CSharpLiteral
{
    /// <summary><paramref name="value"/> as a quoted, escaped C# string literal.</summary>
    public static string Of(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
