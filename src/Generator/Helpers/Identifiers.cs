using System;
using Microsoft.CodeAnalysis.CSharp;

namespace Memoize.Generator.Helpers;

/// <summary>C# identifiers as they are written in source: a keyword used as a name carries <c>@</c>.</summary>
internal static class Identifiers
{
    public static string Escape(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The name without the <c>@</c> that lets a keyword be an identifier, as users read it.</summary>
    public static string Unescape(string identifier)
        => identifier.StartsWith("@", StringComparison.Ordinal) ? identifier.Substring(1) : identifier;
}
