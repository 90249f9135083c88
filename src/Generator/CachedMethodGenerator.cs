using Memoize.Generator.Analysis;
using Memoize.Generator.Emit;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator;

/// <summary>
/// Writes the body of every <c>[Cached]</c> partial method. Reports nothing: a method it cannot generate is
/// left alone, and the Memoize analyzers say why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CachedMethodGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that turns attributed methods into specs.</summary>
    public const string SpecsStep = "CachedMethodSpecs";

    /// <summary>Tracking name of the step that keeps only generatable methods.</summary>
    public const string GeneratableStep = "GeneratableCachedMethods";

    /// <summary>Tracking name of the step that turns invalidating methods into specs.</summary>
    public const string InvalidationsStep = "InvalidationSpecs";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<CachedMethodSpec?> specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypes.CachedAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => ctx.TargetSymbol is IMethodSymbol method && ctx.TargetNode is MethodDeclarationSyntax declaration
                    ? CachedMethodClassifier.Classify(method, declaration, ctx.Attributes[0], ct).Spec
                    : null)
            .WithTrackingName(SpecsStep);

        IncrementalValuesProvider<CachedMethodSpec> generatable = specs
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(GeneratableStep);

        context.RegisterSourceOutput(generatable, static (output, spec) => output.AddSource(spec.HintName, CachedMethodEmitter.Emit(spec)));

        IncrementalValuesProvider<InvalidationSpec> invalidations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypes.InvalidatesCacheAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => ctx.TargetSymbol is IMethodSymbol method && ctx.TargetNode is MethodDeclarationSyntax declaration
                    ? InvalidationClassifier.Classify(method, declaration, ctx.Attributes[0], ct).Spec
                    : null)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(InvalidationsStep);

        context.RegisterSourceOutput(invalidations, static (output, spec) => output.AddSource(spec.HintName, InvalidationEmitter.Emit(spec)));
    }
}
