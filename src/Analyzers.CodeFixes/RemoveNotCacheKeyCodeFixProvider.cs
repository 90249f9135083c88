using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>MEMO025: removes <c>[NotCacheKey]</c> from a cancellation token, which is never part of the key.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveNotCacheKeyCodeFixProvider)), Shared]
public sealed class RemoveNotCacheKeyCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.RedundantNotCacheKey.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<AttributeSyntax>() is not { Parent: AttributeListSyntax list } attribute)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Remove [NotCacheKey]", ct => RemoveAsync(context.Document, root, list, attribute, ct), "RemoveNotCacheKey"),
            context.Diagnostics);
    }

    private static Task<Document> RemoveAsync(Document document, SyntaxNode root, AttributeListSyntax list, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        SyntaxNode? updated = list.Attributes.Count == 1
            ? root.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia)
            : root.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        return Task.FromResult(updated is null ? document : document.WithSyntaxRoot(updated));
    }
}
