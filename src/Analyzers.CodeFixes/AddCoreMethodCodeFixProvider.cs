using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>MEMO003: adds a private <c>{Name}Core</c> method with the cached method's signature that throws until written.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCoreMethodCodeFixProvider)), Shared]
public sealed class AddCoreMethodCodeFixProvider : NodeCodeFixProvider<MethodDeclarationSyntax>
{
    /// <summary>Creates the provider.</summary>
    public AddCoreMethodCodeFixProvider()
        : base(DiagnosticDescriptors.CoreMethodMissing.Id)
    {
    }

    /// <inheritdoc/>
    protected override void Register(CodeFixContext context, SyntaxNode root, MethodDeclarationSyntax method)
        => Offer(context, $"Add '{method.Identifier.ValueText}Core'", "AddCoreMethod", () => root.InsertNodesAfter(method, new[] { CoreMethodSyntax.Create(method, CoreMethodSyntax.ThrowNotImplemented()) }));
}
