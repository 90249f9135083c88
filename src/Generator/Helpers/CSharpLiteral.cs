using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace Memoize.Generator.Helpers;

/// <summary>Literals in generated code and in messages that quote a value.</summary>
internal static class CSharpLiteral
{
    /// <summary><paramref name="value"/> as a quoted, escaped C# string literal.</summary>
    public static string Of(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary><paramref name="value"/> as an integer literal, in invariant culture.</summary>
    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="value"/> as a <see langword="double"/> literal that reads back as the same value: shortest
    /// round-trip digits in invariant culture, with a decimal point when the digits alone would be an integer.
    /// </summary>
    public static string Of(double value)
    {
        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }
}
