using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Memoize.Generator.Emit;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Analysis;

/// <summary>
/// The one answer to "can this <c>[InvalidatesCache]</c> method be generated": its targets must be cached methods
/// of the same type whose key parameters it takes by name and type. Used by the generator and the analyzers.
/// </summary>
internal static class InvalidationClassifier
{
    public static InvalidationAnalysis Classify(IMethodSymbol method, MethodDeclarationSyntax declaration, AttributeData attribute, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        Location nameLocation = declaration.Identifier.GetLocation();
        CachedMethodClassifier.AddDeclarationProblems(method, declaration, problems, cancellationToken);

        InvalidationReturn? returns = ClassifyReturn(method.ReturnType);
        if (returns is null || method.IsGenericMethod)
        {
            problems.Add(new Problem(ProblemKind.InvalidationReturnUnsupported, declaration.ReturnType.GetLocation(), method.Name, method.ReturnType.ToDisplayString()));
        }

        IParameterSymbol? token = method.Parameters.FirstOrDefault(static p => CachedMethodClassifier.IsNamed(p.Type, KnownTypes.CancellationToken));
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
            return new InvalidationAnalysis(null, problems.ToImmutableArray());
        }

        var parameters = method.Parameters.Select(static p => new ParameterSpec(
            CachedMethodClassifier.EscapeIdentifier(p.Name),
            p.Type.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            ParameterRole.PassThrough,
            "",
            KeyFormat.None,
            false,
            p.IsParams,
            null)).ToEquatableArray();
        var spec = new InvalidationSpec(
            HintName: CachedMethodClassifier.HintNameOf(method, ".Invalidation"),
            Namespace: method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString(),
            ContainingTypes: CachedMethodClassifier.ContainingTypeSpecs(method.ContainingType),
            Modifiers: string.Join(" ", declaration.Modifiers.Select(static m => m.Text)),
            Name: CachedMethodClassifier.EscapeIdentifier(method.Name),
            ReturnType: method.ReturnType.ToDisplayString(SymbolFormats.FullyQualifiedNullable),
            Return: returns.Value,
            Parameters: parameters,
            CancellationToken: token is null ? null : CachedMethodClassifier.EscapeIdentifier(token.Name),
            Targets: targets.ToEquatableArray());
        return new InvalidationAnalysis(spec, ImmutableArray<Problem>.Empty);
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
            AttributeData? attribute = definition.GetAttributes().FirstOrDefault(static a => a.AttributeClass is { } c && CachedMethodClassifier.IsNamed(c, KnownTypes.CachedAttribute));
            MethodDeclarationSyntax? declaration = definition.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>()
                .FirstOrDefault(static d => d.Body is null && d.ExpressionBody is null);
            if (attribute is null || declaration is null)
            {
                continue;
            }

            CachedMethodSpec? spec = CachedMethodClassifier.Classify(definition, declaration, attribute, cancellationToken).Spec;
            if (spec is not null && spec.TypeParameters.Length == 0)
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
            .Select(static p => (Name: CachedMethodClassifier.EscapeIdentifier(p.Name), Type: p.Type.ToDisplayString(SymbolFormats.FullyQualifiedNullable)))
            .OrderBy(static p => p.Name, System.StringComparer.Ordinal)
            .ToArray();
        CachedMethodSpec[] matching = cached.Where(spec => CachedMethodEmitter.KeyParameters(spec)
            .Select(static k => (k.Name, k.Type))
            .OrderBy(static p => p.Name, System.StringComparer.Ordinal)
            .SequenceEqual(own)).ToArray();
        if (matching.Length == 0)
        {
            string expected = string.Join(" | ", cached.Select(static s => "(" + CachedMethodEmitter.ParameterList(CachedMethodEmitter.KeyParameters(s)) + ")"));
            problems.Add(new Problem(ProblemKind.InvalidationParametersMismatch, location, method.Name, name, expected));
            return null;
        }

        if (matching.Length > 1)
        {
            problems.Add(new Problem(ProblemKind.InvalidationTargetAmbiguous, location, name, method.Name));
            return null;
        }

        CachedMethodSpec target = matching[0];
        if (method.IsStatic && target.ManagerMember is { } member && member.StartsWith("this.", System.StringComparison.Ordinal))
        {
            problems.Add(new Problem(ProblemKind.InvalidationParametersMismatch, location, method.Name, name, "an instance method (the target's cache manager is an instance member)"));
            return null;
        }

        return new InvalidationTarget(target.FieldAccess, CachedMethodEmitter.ArgumentsExpression(target), CachedMethodEmitter.ManagerExpression(target.ManagerMember, target.Name));
    }

    private static InvalidationReturn? ClassifyReturn(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Void)
        {
            return InvalidationReturn.Void;
        }

        if (type.SpecialType == SpecialType.System_Boolean)
        {
            return InvalidationReturn.Bool;
        }

        if (CachedMethodClassifier.IsNamed(type, KnownTypes.Task))
        {
            return InvalidationReturn.Task;
        }

        if (CachedMethodClassifier.IsNamed(type, KnownTypes.ValueTask))
        {
            return InvalidationReturn.ValueTask;
        }

        if (type is INamedTypeSymbol { IsGenericType: true } named && named.TypeArguments[0].SpecialType == SpecialType.System_Boolean)
        {
            if (CachedMethodClassifier.IsNamed(named.OriginalDefinition, KnownTypes.TaskOfT))
            {
                return InvalidationReturn.TaskOfBool;
            }

            if (CachedMethodClassifier.IsNamed(named.OriginalDefinition, KnownTypes.ValueTaskOfT))
            {
                return InvalidationReturn.ValueTaskOfBool;
            }
        }

        return null;
    }
}

/// <summary>The outcome of classifying one invalidating method.</summary>
internal sealed record InvalidationAnalysis(InvalidationSpec? Spec, ImmutableArray<Problem> Problems);
