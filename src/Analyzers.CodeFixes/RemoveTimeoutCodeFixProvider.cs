using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>
/// MEMO019: removes a timeout argument from the <c>[Cached]</c> of a method that returns its result directly, where the
/// timeout could only be honoured by blocking. (The other fix, making the method asynchronous, changes its callers.)
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveTimeoutCodeFixProvider)), Shared]
public sealed class RemoveTimeoutCodeFixProvider : NodeCodeFixProvider<AttributeArgumentSyntax>
{
    /// <summary>Creates the provider.</summary>
    public RemoveTimeoutCodeFixProvider()
        : base(DiagnosticDescriptors.TimeoutOnSynchronousMethod.Id)
    {
    }

    /// <inheritdoc/>
    protected override void Register(CodeFixContext context, SyntaxNode root, AttributeArgumentSyntax argument)
    {
        if (argument.NameEquals is not { } name || argument.Parent is not AttributeArgumentListSyntax list)
        {
            return;
        }

        // An emptied list goes too: [Cached(SoftTimeoutMilliseconds = 100)] becomes [Cached].
        Offer(context, "Remove " + name.Name.Identifier.ValueText, "RemoveTimeout", () => list.Arguments.Count == 1
            ? root.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia)
            : root.RemoveNode(argument, SyntaxRemoveOptions.KeepNoTrivia));
    }
}
