namespace Memoize.Generator.Model;

/// <summary>One line of the assembly's cache manifest; strings and numbers only, so the step caches.</summary>
/// <param name="Type">The declaring type with namespace and type parameters.</param>
/// <param name="Method">The method's name with type parameters.</param>
/// <param name="KeyTemplateExpression">A C# constant expression of the key template.</param>
/// <param name="Store">The store name, or <see langword="null"/>.</param>
/// <param name="TtlSeconds">The time to live in seconds, or <see langword="null"/>.</param>
/// <param name="Sliding">Whether the expiry slides.</param>
internal sealed record ManifestEntrySpec(string Type, string Method, string KeyTemplateExpression, string? Store, long? TtlSeconds, bool Sliding);
