using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Parsing;

/// <summary>
/// The one answer to "can this <c>[InvalidatesCache]</c> method be generated": its targets must be cached methods
/// of the same type whose key parameters it takes by name and type. Used by the generator and the analyzers.
/// </summary>
internal static class InvalidationParser
{
    public static ParseResult<InvalidationSpec> Parse(IMethodSymbol method, MethodDeclarationSyntax declaration, AttributeData attribute, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        Location nameLocation = declaration.Identifier.GetLocation();
        Declarations.AddProblems(method, declaration, problems, cancellationToken);

        InvalidationReturn? returns = ParseReturn(method.ReturnType);
        if (returns is null || method.IsGenericMethod)
        {
            problems.Add(new Problem(ProblemKind.InvalidationReturnUnsupported, declaration.ReturnType.GetLocation(), method.Name, method.ReturnType.ToDisplayString()));
        }

        IParameterSymbol? token = method.Parameters.FirstOrDefault(static p => p.Type.IsNamed(KnownTypes.CancellationToken));
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        string[] names = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Array
            ? attribute.ConstructorArguments[0].Values.Select(static v => v.Value as string ?? "").ToArray()
            : [];
        var targets = new List<InvalidationTarget>();
        for (int i = 0; i < names.Length; i++)
        {
            Location location = attributeSyntax?.ArgumentList?.Arguments.ElementAtOrDefault(i)?.GetLocation() ?? attributeSyntax?.GetLocation() ?? nameLocation;
            InvalidationTarget? target = ResolveTarget(method, names[i], token, location, problems, cancellationToken);
            if (target is not null)
            {
                targets.Add(target);
            }
        }

        if (names.Length == 0)
        {
            problems.Add(new Problem(ProblemKind.InvalidationTargetNotFound, attributeSyntax?.GetLocation() ?? nameLocation, "(none)", method.Name));
        }

        if (problems.Count > 0 || returns is null)
        {
            return new ParseResult<InvalidationSpec>(null, problems.ToImmutableArray());
        }

        var parameters = method.Parameters.Select(static p => new ParameterSpec(
            Identifiers.Escape(p.Name),
            p.Type.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            ParameterRole.PassThrough,
            p.IsParams)).ToEquatableArray();
        var spec = new InvalidationSpec(
            HintName: MethodNames.HintName(method, ".Invalidation"),
            Namespace: Declarations.NamespaceOf(method),
            ContainingTypes: Declarations.ContainingTypes(method.ContainingType),
            Modifiers: Declarations.Modifiers(declaration),
            Name: Identifiers.Escape(method.Name),
            ReturnType: method.ReturnType.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            Return: returns.Value,
            Parameters: parameters,
            CancellationToken: token is null ? null : Identifiers.Escape(token.Name),
            Targets: targets.ToEquatableArray());
        return new ParseResult<InvalidationSpec>(spec, ImmutableArray<Problem>.Empty);
    }

    private static InvalidationTarget? ResolveTarget(IMethodSymbol method, string name, IParameterSymbol? token, Location location, List<Problem> problems, CancellationToken cancellationToken)
    {
        IMethodSymbol[] candidates = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>().Where(static m => m.PartialImplementationPart is not null || m.IsPartialDefinition || m.MethodKind == MethodKind.Ordinary).ToArray();
        if (candidates.Length == 0)
        {
            problems.Add(new Problem(ProblemKind.InvalidationTargetNotFound, location, name, method.Name));
            return null;
        }

        var cached = new List<CachedMethodSpec>();
        foreach (IMethodSymbol candidate in candidates)
        {
            IMethodSymbol definition = candidate.PartialDefinitionPart ?? candidate;
            AttributeData? attribute = definition.GetAttributes().FirstOrDefault(static a => a.AttributeClass is { } c && c.IsNamed(KnownTypes.CachedAttribute));
            MethodDeclarationSyntax? declaration = definition.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>()
                .FirstOrDefault(static d => d.Body is null && d.ExpressionBody is null);
            if (attribute is null || declaration is null)
            {
                continue;
            }

            CachedMethodSpec? spec = CachedMethodParser.Parse(definition, declaration, attribute, cancellationToken).Spec;
            if (spec is not null && spec.TypeParameters.Count == 0)
            {
                cached.Add(spec);
            }
        }

        if (cached.Count == 0)
        {
            problems.Add(new Problem(ProblemKind.InvalidationTargetNotCached, location, name, method.Name));
            return null;
        }

        var own = method.Parameters.Where(p => !SymbolEqualityComparer.Default.Equals(p, token))
            .Select(static p => (Name: Identifiers.Escape(p.Name), Type: p.Type.ToDisplayString(SymbolFormats.FullyQualifiedNullable)))
            .OrderBy(static p => p.Name, System.StringComparer.Ordinal)
            .ToArray();
        CachedMethodSpec[] matching = cached.Where(spec => KeyParameters(spec)
            .Select(static k => (k.Name, k.Type))
            .OrderBy(static p => p.Name, System.StringComparer.Ordinal)
            .SequenceEqual(own)).ToArray();
        if (matching.Length == 0)
        {
            string expected = string.Join(" | ", cached.Select(static s => "(" + ParameterText.List(KeyParameters(s)) + ")"));
            problems.Add(new Problem(ProblemKind.InvalidationParametersMismatch, location, method.Name, name, expected));
            return null;
        }

        if (matching.Length > 1)
        {
            problems.Add(new Problem(ProblemKind.InvalidationTargetAmbiguous, location, name, method.Name));
            return null;
        }

        CachedMethodSpec target = matching[0];
        if (method.IsStatic && target.Manager is { IsStatic: false })
        {
            problems.Add(new Problem(ProblemKind.InvalidationParametersMismatch, location, method.Name, name, "an instance method (the target's cache manager is an instance member)"));
            return null;
        }

        return new InvalidationTarget(target.Name, target.FieldName, KeyParameters(target).ToEquatableArray(), target.Manager);
    }

    private static ParameterSpec[] KeyParameters(CachedMethodSpec spec) => spec.Parameters.Where(static p => p.Role == ParameterRole.Key).ToArray();

    private static InvalidationReturn? ParseReturn(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Void)
        {
            return InvalidationReturn.Void;
        }

        if (type.SpecialType == SpecialType.System_Boolean)
        {
            return InvalidationReturn.Bool;
        }

        if (type.IsNamed(KnownTypes.Task))
        {
            return InvalidationReturn.Task;
        }

        if (type.IsNamed(KnownTypes.ValueTask))
        {
            return InvalidationReturn.ValueTask;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } named && named.TypeArguments[0].SpecialType == SpecialType.System_Boolean)
        {
            if (named.OriginalDefinition.IsNamed(KnownTypes.TaskOfT))
            {
                return InvalidationReturn.TaskOfBool;
            }

            if (named.OriginalDefinition.IsNamed(KnownTypes.ValueTaskOfT))
            {
                return InvalidationReturn.ValueTaskOfBool;
            }
        }

        return null;
    }
}
