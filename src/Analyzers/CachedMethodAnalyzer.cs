using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Memoize.Generator.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Memoize.Analyzers;

/// <summary>
/// Reports why a <c>[Cached]</c> method cannot be generated (the generator's own classifier decides) and warns about
/// methods that can be generated but would cache the wrong thing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CachedMethodAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // A cached method whose body the generator wrote is partly generated code: it must still be analyzed.
        // Every diagnostic is located in the user's code, so none is reported in generated code.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? cachedAttribute = start.Compilation.GetTypeByMetadataName(KnownTypes.CachedAttribute);
            if (cachedAttribute is null)
            {
                return;
            }

            INamedTypeSymbol? invalidatesAttribute = start.Compilation.GetTypeByMetadataName(KnownTypes.InvalidatesCacheAttribute);
            IReadOnlyCollection<string>? declaredStores = WarningRules.DeclaredStores(start.Compilation.Assembly);
            var keyed = new ConcurrentBag<KeyedMethod>();
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, cachedAttribute, declaredStores, keyed), SymbolKind.Method);
            if (invalidatesAttribute is not null)
            {
                start.RegisterSymbolAction(symbol => AnalyzeInvalidatingMethod(symbol, invalidatesAttribute), SymbolKind.Method);
            }

            start.RegisterOperationAction(
                AnalyzeCoreOperation,
                OperationKind.PropertyReference,
                OperationKind.Invocation,
                OperationKind.ObjectCreation);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (Problem problem in WarningRules.KeyCollisions(keyed))
                {
                    Report(end.ReportDiagnostic, problem);
                }
            });
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol cachedAttribute, IReadOnlyCollection<string>? declaredStores, ConcurrentBag<KeyedMethod> keyed)
    {
        if (!TryGetTarget(context, cachedAttribute, out AttributeData attribute, out AttributeSyntax attributeSyntax, out MethodDeclarationSyntax declaration, out IMethodSymbol target))
        {
            return;
        }

        // The same question the generator asks, with the same declaration it is given.
        CachedMethodAnalysis analysis = CachedMethodClassifier.Classify(target, declaration, attribute, context.CancellationToken);
        foreach (Problem problem in analysis.Problems)
        {
            Report(context.ReportDiagnostic, problem);
        }

        if (analysis.Spec is not { } spec)
        {
            return;
        }

        string? keyPrefix = attribute.NamedArguments.FirstOrDefault(static a => a.Key == "KeyPrefix").Value.Value as string;
        var warnings = new List<Problem?>
        {
            WarningRules.StateChangingName(target, declaration.Identifier.GetLocation()),
            WarningRules.NonRoundTrippableReturn(target, spec, declaration.ReturnType.GetLocation()),
            WarningRules.UnknownStore(target, spec.Store, declaredStores, attributeSyntax),
        };
        warnings.AddRange(WarningRules.RedundantNotCacheKey(target, context.CancellationToken));
        foreach (Problem? warning in warnings)
        {
            if (warning is not null)
            {
                Report(context.ReportDiagnostic, warning);
            }
        }

        if (WarningRules.Keyed(target, spec, attributeSyntax, keyPrefix) is { } keyedMethod)
        {
            keyed.Add(keyedMethod);
        }
    }

    private static void AnalyzeInvalidatingMethod(SymbolAnalysisContext context, INamedTypeSymbol invalidatesAttribute)
    {
        if (TryGetTarget(context, invalidatesAttribute, out AttributeData attribute, out _, out MethodDeclarationSyntax declaration, out IMethodSymbol target))
        {
            foreach (Problem problem in InvalidationClassifier.Classify(target, declaration, attribute, context.CancellationToken).Problems)
            {
                Report(context.ReportDiagnostic, problem);
            }
        }
    }

    /// <summary>
    /// The method declaration that carries <paramref name="attributeType"/> and its symbol, as the generator's
    /// <c>ForAttributeWithMetadataName</c> sees them; once per partial method.
    /// </summary>
    private static bool TryGetTarget(
        SymbolAnalysisContext context,
        INamedTypeSymbol attributeType,
        out AttributeData attribute,
        out AttributeSyntax attributeSyntax,
        out MethodDeclarationSyntax declaration,
        out IMethodSymbol target)
    {
        var method = (IMethodSymbol)context.Symbol;
        attribute = null!;
        attributeSyntax = null!;
        declaration = null!;
        target = method;

        // The implementation of a partial method shares the definition's attributes; analyze the definition once.
        if (method.PartialDefinitionPart is not null
            || method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType)) is not { } found
            || found.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax
            || syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } node)
        {
            return false;
        }

        (attribute, attributeSyntax, declaration) = (found, syntax, node);
        target = method.PartialImplementationPart is { } implementation
            && implementation.DeclaringSyntaxReferences.Any(r => r.Span == node.Span && r.SyntaxTree == node.SyntaxTree)
            ? implementation
            : method;
        return true;
    }

    private static void AnalyzeCoreOperation(OperationAnalysisContext context)
    {
        if (WarningRules.AmbientInput(context.Operation) is not { } input
            || context.ContainingSymbol is not IMethodSymbol core
            || WarningRules.CachedMethodOfCore(core) is not { } cached)
        {
            return;
        }

        Report(context.ReportDiagnostic, new Problem(ProblemKind.AmbientInputInCore, context.Operation.Syntax.GetLocation(), core.Name, input, cached.Name));
    }

    private static void Report(System.Action<Diagnostic> report, Problem problem)
    {
        if (DiagnosticDescriptors.ToDiagnostic(problem) is { } diagnostic)
        {
            report(diagnostic);
        }
    }
}
