using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>MEMO025: removes <c>[NotCacheKey]</c> from a cancellation token, which is never part of the key.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveNotCacheKeyCodeFixProvider)), Shared]
public sealed class RemoveNotCacheKeyCodeFixProvider : NodeCodeFixProvider<AttributeSyntax>
{
    /// <summary>Creates the provider.</summary>
    public RemoveNotCacheKeyCodeFixProvider()
        : base(DiagnosticDescriptors.RedundantNotCacheKey.Id)
    {
    }

    /// <inheritdoc/>
    protected override void Register(CodeFixContext context, SyntaxNode root, AttributeSyntax attribute)
    {
        if (attribute.Parent is AttributeListSyntax list)
        {
            Offer(context, "Remove [NotCacheKey]", "RemoveNotCacheKey", () => list.Attributes.Count == 1
                ? root.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia)
                : root.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute))));
        }
    }
}
