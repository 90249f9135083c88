using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>MEMO010: leaves the parameter out of the key with <c>[NotCacheKey]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddNotCacheKeyCodeFixProvider)), Shared]
public sealed class AddNotCacheKeyCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnsupportedKeyType.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<ParameterSyntax>() is not { } parameter)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Leave out of the cache key with [NotCacheKey]", ct => AddAttributeAsync(context.Document, root, parameter, ct), "AddNotCacheKey"),
            context.Diagnostics);
    }

    private static Task<Document> AddAttributeAsync(Document document, SyntaxNode root, ParameterSyntax parameter, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        AttributeListSyntax attribute = AttributeList(SingletonSeparatedList(Attribute(
                ParseName("global::Memoize.NotCacheKey").WithAdditionalAnnotations(Simplifier.Annotation))))
            .WithAdditionalAnnotations(Formatter.Annotation);
        ParameterSyntax updated = parameter.WithoutLeadingTrivia()
            .AddAttributeLists(attribute.WithLeadingTrivia(parameter.GetLeadingTrivia()).WithTrailingTrivia(Space));
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(parameter, updated)));
    }
}
