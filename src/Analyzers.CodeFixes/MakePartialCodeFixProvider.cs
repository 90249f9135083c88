using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>
/// MEMO001 on a method without a body and MEMO002: adds <c>partial</c> to the method, or to every enclosing type that
/// lacks it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
public sealed class MakePartialCodeFixProvider : NodeCodeFixProvider<MethodDeclarationSyntax>
{
    /// <summary>Creates the provider.</summary>
    public MakePartialCodeFixProvider()
        : base(DiagnosticDescriptors.MethodNotPartial.Id, DiagnosticDescriptors.ContainingTypeNotPartial.Id)
    {
    }

    /// <inheritdoc/>
    protected override void Register(CodeFixContext context, SyntaxNode root, MethodDeclarationSyntax method)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (diagnostic.Id == DiagnosticDescriptors.MethodNotPartial.Id)
            {
                if (method.Body is null && method.ExpressionBody is null && !method.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Make method partial", ct => MakePartialAsync(context.Document, new SyntaxNode[] { method }, ct), "MakeMethodPartial"),
                        diagnostic);
                }
            }
            else
            {
                SyntaxNode[] types = method.Ancestors().OfType<TypeDeclarationSyntax>().Where(static t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToArray<SyntaxNode>();
                if (types.Length > 0)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(types.Length == 1 ? "Make type partial" : "Make containing types partial", ct => MakePartialAsync(context.Document, types, ct), "MakeTypesPartial"),
                        diagnostic);
                }
            }
        }
    }

    private static async Task<Document> MakePartialAsync(Document document, SyntaxNode[] declarations, CancellationToken cancellationToken)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (SyntaxNode declaration in declarations)
        {
            editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration).WithPartial(true));
        }

        return editor.GetChangedDocument();
    }
}
