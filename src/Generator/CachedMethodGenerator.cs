using Memoize.Generator.Emit;
using Memoize.Generator.Model;
using Memoize.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator;

/// <summary>
/// Writes the body of every <c>[Cached]</c> partial method and every <c>[InvalidatesCache]</c> method. Reports
/// nothing: for a method it cannot generate it writes only a body that throws (so the compiler's own "missing
/// implementation" error does not hide the analyzer's diagnostic), and the Memoize analyzers say what to fix.
/// This class only wires the pipeline: <c>Parsing/</c> turns symbols into the specs of <c>Model/</c>, and
/// <c>Emit/</c> turns specs into C#.
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

    /// <summary>Tracking name of the step that keeps the methods that get a throwing stub.</summary>
    public const string StubsStep = "Stubs";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<GenerationItem<CachedMethodSpec>> cached = Attributed(
                context,
                KnownTypes.CachedAttribute,
                CachedMethodParser.Parse,
                ".Stub")
            .WithTrackingName(SpecsStep);

        IncrementalValuesProvider<CachedMethodSpec> generatable = cached
            .Where(static item => item.Spec is not null)
            .Select(static (item, _) => item.Spec!)
            .WithTrackingName(GeneratableStep);
        context.RegisterSourceOutput(generatable, static (output, spec) => output.AddSource(spec.HintName, CachedMethodEmitter.Emit(spec)));
        ManifestStep.Register(context, generatable);

        IncrementalValuesProvider<GenerationItem<InvalidationSpec>> invalidations = Attributed(
                context,
                KnownTypes.InvalidatesCacheAttribute,
                InvalidationParser.Parse,
                ".Invalidation.Stub")
            .WithTrackingName(InvalidationsStep);
        context.RegisterSourceOutput(
            invalidations.Where(static item => item.Spec is not null).Select(static (item, _) => item.Spec!),
            static (output, spec) => output.AddSource(spec.HintName, InvalidationEmitter.Emit(spec)));

        IncrementalValuesProvider<StubSpec> stubs = cached
            .Where(static item => item.Stub is not null)
            .Select(static (item, _) => item.Stub!)
            .WithTrackingName(StubsStep);
        context.RegisterSourceOutput(stubs, static (output, stub) => output.AddSource(stub.HintName, StubEmitter.Emit(stub)));
        context.RegisterSourceOutput(
            invalidations.Where(static item => item.Stub is not null).Select(static (item, _) => item.Stub!),
            static (output, stub) => output.AddSource(stub.HintName, StubEmitter.Emit(stub)));
    }

    /// <summary>
    /// Methods carrying <paramref name="attributeName"/>, each parsed into a spec to generate or, when it cannot be
    /// generated, a throwing stub (see <see cref="StubParser"/>).
    /// </summary>
    private static IncrementalValuesProvider<GenerationItem<TSpec>> Attributed<TSpec>(
        IncrementalGeneratorInitializationContext context,
        string attributeName,
        System.Func<IMethodSymbol, MethodDeclarationSyntax, AttributeData, System.Threading.CancellationToken, ParseResult<TSpec>> parse,
        string stubSuffix)
        where TSpec : class
        => context.SyntaxProvider.ForAttributeWithMetadataName(
            attributeName,
            static (node, _) => node is MethodDeclarationSyntax,
            (ctx, ct) =>
            {
                if (ctx.TargetSymbol is not IMethodSymbol method || ctx.TargetNode is not MethodDeclarationSyntax declaration)
                {
                    return new GenerationItem<TSpec>(null, null);
                }

                ParseResult<TSpec> parsed = parse(method, declaration, ctx.Attributes[0], ct);
                return new GenerationItem<TSpec>(parsed.Spec, parsed.Spec is null ? StubParser.Parse(method, declaration, parsed.Problems, stubSuffix) : null);
            });
}
