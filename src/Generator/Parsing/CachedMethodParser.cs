using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Parsing;

/// <summary>
/// The one answer to "can this <c>[Cached]</c> method be generated, and if not why". The generator uses the spec;
/// the analyzers report the problems. Both call this class, so they cannot drift apart.
/// </summary>
internal static class CachedMethodParser
{
    /// <summary>Parses one method carrying <c>[Cached]</c>.</summary>
    public static ParseResult<CachedMethodSpec> Parse(IMethodSymbol method, MethodDeclarationSyntax declaration, AttributeData attribute, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        Location nameLocation = declaration.Identifier.GetLocation();

        Declarations.AddProblems(method, declaration, problems, cancellationToken);

        (ReturnKind returnKind, ITypeSymbol? resultType) = ParseReturn(method, declaration, problems);

        var parameters = new List<ParameterSpec>();
        bool cancellationTokenTaken = false;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            parameters.Add(ParameterParser.ParseCached(parameter, returnKind, ref cancellationTokenTaken, problems));
        }

        CachedAttributeOptions options = CachedAttributeOptions.Read(method, attribute, problems, cancellationToken);
        ResilienceSpec? resilience = ResilienceParser.Parse(method, attribute, resultType is null ? null : returnKind, problems, cancellationToken);
        CoreMethod.Find(method, nameLocation, problems);
        UnlessSpec? unless = options.Unless is null ? null : FindUnless(method, options.Unless, resultType, options.UnlessLocation ?? nameLocation, problems);

        if (problems.Count > 0 || resultType is null)
        {
            return new ParseResult<CachedMethodSpec>(null, problems.ToImmutableArray());
        }

        bool overloaded = MethodNames.IsOverloaded(method);
        string overloadSuffix = MethodNames.OverloadSuffix(method, overloaded);
        string? fingerprint = options.ShapeFingerprint ? ShapeFingerprint.Of(resultType) : null;
        var spec = new CachedMethodSpec(
            HintName: MethodNames.HintName(method, overloadSuffix, ""),
            Namespace: Declarations.NamespaceOf(method),
            ContainingTypes: Declarations.ContainingTypes(method.ContainingType),
            Modifiers: Declarations.Modifiers(declaration),
            Accessibility: string.Join(" ", declaration.Modifiers.Where(static m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.PrivateKeyword)).Select(static m => m.Text)),
            Name: Identifiers.Escape(method.Name),
            CoreName: Identifiers.Escape(method.Name + CoreMethod.Suffix),
            TypeParameters: Declarations.TypeParameters(method),
            ReturnType: method.ReturnType.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            ReturnKind: returnKind,
            ResultType: resultType.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            IsStatic: method.IsStatic,
            Parameters: parameters.ToEquatableArray(),
            KeyPrefix: KeyPrefixParser.Parse(method, options.KeyPrefix, overloaded, fingerprint),
            Store: options.Store,
            TtlSeconds: options.TtlSeconds,
            Sliding: options.Sliding,
            Resilience: resilience,
            Unless: unless,
            Manager: CacheManagerMember.Find(method),
            FieldName: "__memoize_" + method.Name + overloadSuffix,
            HasKeyBuilder: !overloaded || !OtherOverloadHasSameKeyTypes(method));
        return new ParseResult<CachedMethodSpec>(spec, ImmutableArray<Problem>.Empty);
    }

    private static (ReturnKind Kind, ITypeSymbol? Result) ParseReturn(IMethodSymbol method, MethodDeclarationSyntax declaration, List<Problem> problems)
    {
        Location location = declaration.ReturnType.GetLocation();
        ITypeSymbol returnType = method.ReturnType;
        if (method.ReturnsVoid || method.ReturnsByRef || method.ReturnsByRefReadonly || returnType.IsRefLikeType
            || returnType.IsNamed(KnownTypes.Task) || returnType.IsNamed(KnownTypes.ValueTask))
        {
            problems.Add(new Problem(ProblemKind.UnsupportedReturn, location, method.Name, returnType.ToDisplayString()));
            return (ReturnKind.Value, null);
        }

        ReturnKind kind = ReturnKind.Value;
        ITypeSymbol result = returnType;
        if (returnType is INamedTypeSymbol { IsGenericType: true } named)
        {
            if (named.OriginalDefinition.IsNamed(KnownTypes.TaskOfT))
            {
                (kind, result) = (ReturnKind.Task, named.TypeArguments[0]);
            }
            else if (named.OriginalDefinition.IsNamed(KnownTypes.ValueTaskOfT))
            {
                (kind, result) = (ReturnKind.ValueTask, named.TypeArguments[0]);
            }
        }

        if (IsLazySequence(result))
        {
            problems.Add(new Problem(ProblemKind.LazySequenceReturn, location, method.Name, result.ToDisplayString()));
            return (kind, null);
        }

        return (kind, result);
    }

    /// <summary>A sequence interface whose value is a query, not its results.</summary>
    private static bool IsLazySequence(ITypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        string name = type.OriginalDefinition.ToDisplayString();
        return name is "System.Collections.Generic.IEnumerable<T>" or "System.Collections.IEnumerable"
            or "System.Linq.IQueryable<T>" or "System.Linq.IQueryable" or "System.Linq.IOrderedQueryable<T>"
            or "System.Linq.IOrderedEnumerable<TElement>" or "System.Collections.Generic.IAsyncEnumerable<T>";
    }

    /// <summary>The <c>Unless</c> method: <c>bool M(TResult)</c> on the same type, static or (for instance methods) instance.</summary>
    private static UnlessSpec? FindUnless(IMethodSymbol method, string name, ITypeSymbol? resultType, Location location, List<Problem> problems)
    {
        IMethodSymbol[] candidates = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().ToArray();
        IMethodSymbol? match = candidates.FirstOrDefault(c =>
            c.ReturnType.SpecialType == SpecialType.System_Boolean && c.Parameters.Length == 1 && c.Parameters[0].RefKind == RefKind.None
            && !c.IsGenericMethod && (c.IsStatic || !method.IsStatic)
            && resultType is not null && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, resultType));
        if (match is null)
        {
            string expected = "bool " + name + "(" + (resultType?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "TResult") + " result)";
            problems.Add(new Problem(ProblemKind.UnlessInvalid, location, name, method.Name, expected));
            return null;
        }

        return new UnlessSpec(Identifiers.Escape(match.Name), match.IsStatic);
    }

    /// <summary>
    /// Whether another cached overload has the same key parameter types: both key builders would have the same
    /// signature, so neither gets one (the methods still work, and their keys still differ by prefix).
    /// </summary>
    private static bool OtherOverloadHasSameKeyTypes(IMethodSymbol method)
    {
        string mine = KeyTypes(method);
        return method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Where(other => !SymbolEqualityComparer.Default.Equals(other, method) && other.PartialDefinitionPart is null)
            .Any(other => other.HasAttribute(KnownTypes.CachedAttribute) && KeyTypes(other) == mine);

        static string KeyTypes(IMethodSymbol m) => string.Join(",", m.Parameters
            .Where(static p => !p.Type.IsNamed(KnownTypes.CancellationToken) && !p.HasAttribute(KnownTypes.NotCacheKeyAttribute))
            .Select(static p => p.Type.ToDisplayString(SymbolFormats.KeyDisplay)));
    }
}
