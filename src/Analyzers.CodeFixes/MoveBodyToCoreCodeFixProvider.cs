using System.Composition;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>
/// MEMO001 on a method with a body: the body moves to a new private <c>{Name}Core</c> method and the cached method
/// becomes a partial declaration whose body Memoize writes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveBodyToCoreCodeFixProvider)), Shared]
public sealed class MoveBodyToCoreCodeFixProvider : NodeCodeFixProvider<MethodDeclarationSyntax>
{
    /// <summary>Creates the provider.</summary>
    public MoveBodyToCoreCodeFixProvider()
        : base(DiagnosticDescriptors.MethodNotPartial.Id)
    {
    }

    /// <inheritdoc/>
    protected override void Register(CodeFixContext context, SyntaxNode root, MethodDeclarationSyntax method)
    {
        if ((method.Body is null && method.ExpressionBody is null)
            || method.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return;
        }

        // An existing Core method would clash with the one this fix adds.
        string coreName = method.Identifier.ValueText + "Core";
        if (method.Parent is TypeDeclarationSyntax type && type.Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.ValueText == coreName))
        {
            return;
        }

        Offer(context, $"Move the body to '{coreName}'", "MoveBodyToCore", () => Move(root, method));
    }

    private static SyntaxNode Move(SyntaxNode root, MethodDeclarationSyntax method)
    {
        bool isAsync = method.Modifiers.Any(SyntaxKind.AsyncKeyword);
        MethodDeclarationSyntax core = CoreMethodSyntax.Create(method, Block(), isAsync);
        core = method.Body is { } body
            ? core.WithBody(body.WithoutTrivia())
            : core.WithBody(null).WithExpressionBody(method.ExpressionBody!.WithoutTrivia()).WithSemicolonToken(Token(SyntaxKind.SemicolonToken));

        // A blank line between the declaration and its Core, in the file's own line ending.
        SyntaxTrivia newLine = method.GetTrailingTrivia().LastOrDefault(static t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        core = core.WithLeadingTrivia(newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : ElasticCarriageReturnLineFeed);

        SyntaxTokenList modifiers = TokenList(method.Modifiers.Where(static m => !m.IsKind(SyntaxKind.AsyncKeyword)));
        MethodDeclarationSyntax declaration = method
            .WithModifiers(modifiers.Add(Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(Space)))
            .WithParameterList(method.ParameterList.WithoutTrailingTrivia())
            .WithBody(null)
            .WithExpressionBody(null)
            .WithSemicolonToken(Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(method.GetTrailingTrivia()));

        return root.ReplaceNode(method, new SyntaxNode[] { declaration, core });
    }
}
