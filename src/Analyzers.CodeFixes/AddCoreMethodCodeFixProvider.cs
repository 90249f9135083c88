using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>MEMO003: adds a private <c>{Name}Core</c> method with the cached method's signature that throws until written.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCoreMethodCodeFixProvider)), Shared]
public sealed class AddCoreMethodCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.CoreMethodMissing.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
        {
            return;
        }

        string coreName = method.Identifier.ValueText + "Core";
        context.RegisterCodeFix(
            CodeAction.Create($"Add '{coreName}'", ct => AddCoreAsync(context.Document, root, method, ct), "AddCoreMethod"),
            context.Diagnostics);
    }

    private static Task<Document> AddCoreAsync(Document document, SyntaxNode root, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MethodDeclarationSyntax core = CoreMethodSyntax.Create(method, CoreMethodSyntax.ThrowNotImplemented());
        return Task.FromResult(document.WithSyntaxRoot(root.InsertNodesAfter(method, new[] { core })));
    }
}
