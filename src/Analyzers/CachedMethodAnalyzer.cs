using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Memoize.Generator.Model;
using Memoize.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Memoize.Analyzers;

/// <summary>
/// Reports why a <c>[Cached]</c> method cannot be generated (the generator's own parser decides) and warns about
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

            IReadOnlyCollection<string>? declaredStores = WarningRules.DeclaredStores(start.Compilation.Assembly);
            var keyed = new ConcurrentBag<KeyedMethod>();
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, cachedAttribute, declaredStores, keyed), SymbolKind.Method);
            if (start.Compilation.GetTypeByMetadataName(KnownTypes.InvalidatesCacheAttribute) is { } invalidatesAttribute)
            {
                start.RegisterSymbolAction(symbol => AnalyzeInvalidation(symbol, invalidatesAttribute), SymbolKind.Method);
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
        if (!TryGetAttributed(context, cachedAttribute, out IMethodSymbol? target, out AttributeData? attribute, out AttributeSyntax? attributeSyntax, out MethodDeclarationSyntax? declaration))
        {
            return;
        }

        ParseResult<CachedMethodSpec> analysis = CachedMethodParser.Parse(target, declaration, attribute, context.CancellationToken);
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
            WarningRules.SoftTimeoutWithoutFailSafe(target, spec, attributeSyntax),
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

    /// <summary>Reports why an <c>[InvalidatesCache]</c> method cannot be generated, with the parser the generator uses.</summary>
    private static void AnalyzeInvalidation(SymbolAnalysisContext context, INamedTypeSymbol invalidatesAttribute)
    {
        if (!TryGetAttributed(context, invalidatesAttribute, out IMethodSymbol? target, out AttributeData? attribute, out _, out MethodDeclarationSyntax? declaration))
        {
            return;
        }

        foreach (Problem problem in InvalidationParser.Parse(target, declaration, attribute, context.CancellationToken).Problems)
        {
            Report(context.ReportDiagnostic, problem);
        }
    }

    /// <summary>
    /// The attributed declaration the generator is given for this method, and the method symbol of that declaration.
    /// The implementation of a partial method shares the definition's attributes: only the definition is analyzed.
    /// </summary>
    private static bool TryGetAttributed(
        SymbolAnalysisContext context,
        INamedTypeSymbol attributeClass,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IMethodSymbol? target,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AttributeData? attribute,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AttributeSyntax? attributeSyntax,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MethodDeclarationSyntax? declaration)
    {
        var method = (IMethodSymbol)context.Symbol;
        target = null;
        attributeSyntax = null;
        declaration = null;
        attribute = method.PartialDefinitionPart is null
            ? method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeClass))
            : null;
        if (attribute?.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax
            || syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } found)
        {
            return false;
        }

        attributeSyntax = syntax;
        declaration = found;
        target = method.PartialImplementationPart is { } implementation
            && implementation.DeclaringSyntaxReferences.Any(r => r.Span == found.Span && r.SyntaxTree == found.SyntaxTree)
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
