using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Memoize.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Memoize.Analyzers;

/// <summary>
/// Signatures the generator can generate but that are probably wrong: a cache that is stale, collides or fails at
/// run time. The generator generates such methods as written; only the analyzers warn.
/// </summary>
internal static class WarningRules
{
    /// <summary>Metadata name of the assembly attribute that lists the stores a project registers.</summary>
    public const string CacheStoresAttribute = "Memoize.CacheStoresAttribute";

    /// <summary>The store every cache manager has; it keeps objects, so nothing is serialized.</summary>
    public const string MemoryStore = "memory";

    private static readonly string[] StateChangingVerbs =
    {
        "Add", "Clear", "Create", "Decrement", "Delete", "Dequeue", "Enqueue", "Increment", "Insert", "Patch", "Pop",
        "Post", "Publish", "Push", "Put", "Register", "Remove", "Reset", "Save", "Send", "Set", "Submit", "Update",
        "Upsert", "Write",
    };

    /// <summary>A name that starts with a verb that changes state (<c>Save</c>, <c>SaveAsync</c>, <c>DeleteUser</c>, not <c>Settings</c>).</summary>
    public static Problem? StateChangingName(IMethodSymbol method, Location location)
    {
        foreach (string verb in StateChangingVerbs)
        {
            if (method.Name.StartsWith(verb, StringComparison.Ordinal)
                && (method.Name.Length == verb.Length || !char.IsLower(method.Name[verb.Length])))
            {
                return new Problem(ProblemKind.StateChangingName, location, method.Name, verb);
            }
        }

        return null;
    }

    /// <summary>
    /// A soft timeout on a method whose attribute does not turn fail-safe on: a soft timeout only serves an expired
    /// result that fail-safe kept, so it does nothing unless the manager's default turns fail-safe on (or nothing at
    /// all when the attribute sets <c>FailSafeMinutes = 0</c>).
    /// </summary>
    public static Problem? SoftTimeoutWithoutFailSafe(IMethodSymbol method, CachedMethodSpec spec, AttributeSyntax? attribute)
    {
        if (spec.Resilience is not { SoftTimeoutMilliseconds: > 0 and int softTimeout } options || options.FailSafeMinutes > 0)
        {
            return null;
        }

        string why = options.FailSafeMinutes is null
            ? "FailSafeMinutes is not set, so none is kept unless the manager's default FailSafeMinutes turns fail-safe on"
            : "FailSafeMinutes = 0 turns fail-safe off for it, so none is kept";
        Location? location = CachedAttributeOptions.ArgumentLocation(attribute, ResilienceParser.SoftTimeoutMilliseconds) ?? attribute?.GetLocation();
        return new Problem(ProblemKind.SoftTimeoutWithoutFailSafe, location, ResilienceParser.Format(softTimeout), method.Name, why);
    }

    /// <summary>Each <c>[NotCacheKey]</c> on a <see cref="CancellationToken"/> parameter, at the attribute.</summary>
    public static IEnumerable<Problem> RedundantNotCacheKey(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (!parameter.Type.IsNamed(KnownTypes.CancellationToken))
            {
                continue;
            }

            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass is { } type && type.IsNamed(KnownTypes.NotCacheKeyAttribute))
                {
                    Location? location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? parameter.Locations.FirstOrDefault();
                    yield return new Problem(ProblemKind.RedundantNotCacheKey, location, parameter.Name);
                }
            }
        }
    }

    /// <summary>
    /// A result type the serializer of a byte store cannot write and read back. The memory store keeps objects,
    /// so only methods that name another store are checked.
    /// </summary>
    public static Problem? NonRoundTrippableReturn(IMethodSymbol method, CachedMethodSpec spec, Location location)
    {
        if (spec.Store is null || spec.Store == MemoryStore)
        {
            return null;
        }

        ITypeSymbol result = spec.ReturnKind == ReturnKind.Value ? method.ReturnType : ((INamedTypeSymbol)method.ReturnType).TypeArguments[0];
        string? reason = WhyNotRoundTrippable(result, depth: 0);
        return reason is null ? null : new Problem(ProblemKind.NonRoundTrippableReturn, location, method.Name, result.ToDisplayString(), spec.Store, reason);
    }

    private static string? WhyNotRoundTrippable(ITypeSymbol type, int depth)
    {
        if (depth > 8 || type is ITypeParameterSymbol)
        {
            return null;
        }

        if (type is IArrayTypeSymbol array)
        {
            return WhyNotRoundTrippable(array.ElementType, depth + 1);
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            return WhyNotRoundTrippable(nullable.TypeArguments[0], depth + 1);
        }

        if (type.SpecialType == SpecialType.System_Object)
        {
            return "an object is read back as a JSON element, not as the value that was stored";
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            return "a delegate cannot be serialized";
        }

        if (DerivesFrom(type, "System.IO.Stream"))
        {
            return "a stream is read once and cannot be serialized";
        }

        bool collection = IsCollectionNamespace(type.ContainingNamespace);
        if (type is INamedTypeSymbol { IsGenericType: true } generic && collection)
        {
            foreach (ITypeSymbol argument in generic.TypeArguments)
            {
                if (WhyNotRoundTrippable(argument, depth + 1) is { } inner)
                {
                    return inner;
                }
            }
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            return collection ? null : "an interface cannot be created when the value is read back";
        }

        if (type.IsAbstract && type.TypeKind == TypeKind.Class)
        {
            return "an abstract type cannot be created when the value is read back";
        }

        // Library types come with their own converters; only the project's own classes are checked for a constructor.
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Class } named && named.Locations.Any(static l => l.IsInSource) && !HasUsableConstructor(named))
        {
            return "it has no public parameterless constructor, no single public constructor and no [JsonConstructor]";
        }

        return null;
    }

    private static bool HasUsableConstructor(INamedTypeSymbol type)
    {
        IMethodSymbol[] constructors = type.InstanceConstructors.ToArray();
        if (constructors.Any(static c => c.GetAttributes().Any(static a => a.AttributeClass is { } t && t.IsNamed("System.Text.Json.Serialization.JsonConstructorAttribute"))))
        {
            return true;
        }

        IMethodSymbol[] visible = constructors.Where(static c => c.DeclaredAccessibility == Accessibility.Public).ToArray();
        return visible.Any(static c => c.Parameters.Length == 0) || visible.Length == 1;
    }

    private static bool DerivesFrom(ITypeSymbol type, string metadataName)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (current.IsNamed(metadataName))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCollectionNamespace(INamespaceSymbol? ns)
        => ns?.ToDisplayString() is "System.Collections.Generic" or "System.Collections.Immutable" or "System.Collections.ObjectModel";

    /// <summary>
    /// A store the method names that is not among <paramref name="declaredStores"/>, the stores the assembly lists with
    /// <c>[assembly: CacheStores(...)]</c>; nothing when the assembly declares none.
    /// </summary>
    public static Problem? UnknownStore(IMethodSymbol method, string? store, IReadOnlyCollection<string>? declaredStores, AttributeSyntax? attribute)
    {
        if (store is null || declaredStores is null || store == MemoryStore || declaredStores.Contains(store))
        {
            return null;
        }

        Location? location = CachedAttributeOptions.ArgumentLocation(attribute, "Store") ?? attribute?.GetLocation();
        string known = string.Join(", ", new[] { MemoryStore }.Concat(declaredStores.OrderBy(static s => s, StringComparer.Ordinal)).Distinct());
        return new Problem(ProblemKind.UnknownStore, location, store, method.Name, known);
    }

    /// <summary>The stores an assembly declares with <c>[assembly: CacheStores(...)]</c>, or <see langword="null"/> when it declares none.</summary>
    public static IReadOnlyCollection<string>? DeclaredStores(IAssemblySymbol assembly)
    {
        HashSet<string>? stores = null;
        foreach (AttributeData attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is not { } type || !type.IsNamed(CacheStoresAttribute))
            {
                continue;
            }

            stores ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (TypedConstant argument in attribute.ConstructorArguments)
            {
                IEnumerable<TypedConstant> values = argument.Kind == TypedConstantKind.Array ? argument.Values : new[] { argument };
                foreach (TypedConstant value in values)
                {
                    if (value.Value is string name)
                    {
                        stores.Add(name);
                    }
                }
            }
        }

        return stores;
    }

    /// <summary>The ambient input an operation reads (<c>DateTime.Now</c>, <c>Guid.NewGuid()</c>, ...), or <see langword="null"/>.</summary>
    public static string? AmbientInput(IOperation operation)
    {
        (ISymbol? member, string? shown) = operation switch
        {
            IPropertyReferenceOperation { Property.IsStatic: true } property => ((ISymbol?)property.Property, (string?)property.Property.Name),
            IInvocationOperation { TargetMethod.IsStatic: true } invocation => (invocation.TargetMethod, invocation.TargetMethod.Name + "()"),
            IObjectCreationOperation { Constructor: { } constructor } => (constructor, null),
            _ => (null, null),
        };
        if (member?.ContainingType is not { } type)
        {
            return null;
        }

        string typeName = type.ContainingNamespace?.ToDisplayString() + "." + type.MetadataName;
        bool ambient = (typeName, member.Name) switch
        {
            ("System.DateTime", "Now" or "UtcNow" or "Today") => true,
            ("System.DateTimeOffset", "Now" or "UtcNow") => true,
            ("System.Guid", "NewGuid") => true,
            ("System.Environment", "TickCount" or "TickCount64") => true,
            ("System.Random", "Shared" or ".ctor") => true,
            _ => false,
        };
        return ambient ? type.Name + (shown is null ? "" : "." + shown) : null;
    }

    /// <summary>The <c>[Cached]</c> method whose Core method <paramref name="core"/> is, if any.</summary>
    public static IMethodSymbol? CachedMethodOfCore(IMethodSymbol core)
    {
        if (!core.Name.EndsWith(CoreMethod.Suffix, StringComparison.Ordinal) || core.Name.Length == CoreMethod.Suffix.Length)
        {
            return null;
        }

        string name = core.Name.Substring(0, core.Name.Length - CoreMethod.Suffix.Length);
        return core.ContainingType?.GetMembers(name).OfType<IMethodSymbol>()
            .FirstOrDefault(static m => m.HasAttribute(KnownTypes.CachedAttribute));
    }

    /// <summary>
    /// Pairs of methods whose keys can be equal: the same explicit <c>KeyPrefix</c>, the same store and as many key
    /// arguments. Default prefixes hold the full method name (and the parameter types of overloads), so they never collide.
    /// </summary>
    public static IEnumerable<Problem> KeyCollisions(IEnumerable<KeyedMethod> methods)
    {
        foreach (IGrouping<(string, string?, int), KeyedMethod> group in methods
            .GroupBy(static m => (m.KeyPrefix, m.Store, m.KeyArgumentCount))
            .Where(static g => g.Count() > 1))
        {
            KeyedMethod[] members = group.OrderBy(static m => m.DisplayName, StringComparer.Ordinal).ToArray();
            foreach (KeyedMethod method in members)
            {
                string others = string.Join(", ", members.Where(m => !ReferenceEquals(m, method)).Select(static m => m.DisplayName));
                yield return new Problem(ProblemKind.KeyCollision, method.Location, method.DisplayName, method.KeyPrefix, others);
            }
        }
    }

    /// <summary>What the collision rule needs to know of one generatable method with an explicit <c>KeyPrefix</c>.</summary>
    public static KeyedMethod? Keyed(IMethodSymbol method, CachedMethodSpec spec, AttributeSyntax? attribute, string? keyPrefix)
    {
        if (keyPrefix is null)
        {
            return null;
        }

        Location? location = CachedAttributeOptions.ArgumentLocation(attribute, "KeyPrefix") ?? attribute?.GetLocation();
        int keyArguments = spec.Parameters.Count(static p => p.Role == ParameterRole.Key);
        return new KeyedMethod(keyPrefix, spec.Store, keyArguments, method.ContainingType.Name + "." + method.Name, location);
    }
}

/// <summary>One cached method with an explicit key prefix, for the collision rule.</summary>
/// <param name="KeyPrefix">The prefix as written.</param>
/// <param name="Store">The store name, <see langword="null"/> for the default.</param>
/// <param name="KeyArgumentCount">How many arguments the key holds.</param>
/// <param name="DisplayName"><c>Type.Method</c>, for the message.</param>
/// <param name="Location">The <c>KeyPrefix</c> argument.</param>
internal sealed record KeyedMethod(string KeyPrefix, string? Store, int KeyArgumentCount, string DisplayName, Location? Location);
