using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>
/// What every Memoize code fix shares: the diagnostics it fixes, batch fix-all, and finding the syntax node of
/// type <typeparamref name="TNode"/> the diagnostic points into. A fix says only whether it applies and what it changes.
/// </summary>
/// <typeparam name="TNode">The node the fix rewrites (a method, a parameter, an attribute).</typeparam>
public abstract class NodeCodeFixProvider<TNode> : CodeFixProvider
    where TNode : SyntaxNode
{
    /// <summary>Creates a provider for the given diagnostic ids.</summary>
    /// <param name="diagnosticIds">The ids this provider fixes.</param>
    protected NodeCodeFixProvider(params string[] diagnosticIds) => FixableDiagnosticIds = ImmutableArray.Create(diagnosticIds);

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<TNode>() is { } node)
        {
            Register(context, root, node);
        }
    }

    /// <summary>Offers the fix, or nothing when it does not apply to <paramref name="node"/>.</summary>
    /// <param name="context">The diagnostics to fix and where to register the fix.</param>
    /// <param name="root">The document's syntax root.</param>
    /// <param name="node">The node the diagnostic points into.</param>
    protected abstract void Register(CodeFixContext context, SyntaxNode root, TNode node);

    /// <summary>Registers a fix for every diagnostic of <paramref name="context"/> that replaces the document's root.</summary>
    /// <param name="context">The fix context.</param>
    /// <param name="title">What the fix does, as the IDE shows it.</param>
    /// <param name="equivalenceKey">Groups this fix across occurrences for fix-all.</param>
    /// <param name="rewrite">Computes the new root; <see langword="null"/> leaves the document as it is.</param>
    protected static void Offer(CodeFixContext context, string title, string equivalenceKey, Func<SyntaxNode?> rewrite)
    {
        Document document = context.Document;
        context.RegisterCodeFix(
            CodeAction.Create(title, ct => Task.FromResult(Rewrite(document, rewrite, ct)), equivalenceKey),
            context.Diagnostics);
    }

    private static Document Rewrite(Document document, Func<SyntaxNode?> rewrite, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return rewrite() is { } updated ? document.WithSyntaxRoot(updated) : document;
    }
}
