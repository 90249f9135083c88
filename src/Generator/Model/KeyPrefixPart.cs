namespace Memoize.Generator.Model;

/// <summary>One piece of a key prefix: fixed text, or a type parameter whose type argument's name is filled in at run time.</summary>
/// <param name="Text">The fixed text, or the type parameter's name (without <c>@</c>).</param>
/// <param name="IsTypeArgument">Whether <paramref name="Text"/> names a type parameter.</param>
internal sealed record KeyPrefixPart(string Text, bool IsTypeArgument);
