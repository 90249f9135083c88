using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>MEMO010: leaves the parameter out of the key with <c>[NotCacheKey]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddNotCacheKeyCodeFixProvider)), Shared]
public sealed class AddNotCacheKeyCodeFixProvider : NodeCodeFixProvider<ParameterSyntax>
{
    /// <summary>Creates the provider.</summary>
    public AddNotCacheKeyCodeFixProvider()
        : base(DiagnosticDescriptors.UnsupportedKeyType.Id)
    {
    }

    /// <inheritdoc/>
    protected override void Register(CodeFixContext context, SyntaxNode root, ParameterSyntax parameter)
        => Offer(context, "Leave out of the cache key with [NotCacheKey]", "AddNotCacheKey", () => AddAttribute(root, parameter));

    private static SyntaxNode AddAttribute(SyntaxNode root, ParameterSyntax parameter)
    {
        AttributeListSyntax attribute = AttributeList(SingletonSeparatedList(Attribute(
                ParseName("global::Memoize.NotCacheKey").WithAdditionalAnnotations(Simplifier.Annotation))))
            .WithAdditionalAnnotations(Formatter.Annotation);
        ParameterSyntax updated = parameter.WithoutLeadingTrivia()
            .AddAttributeLists(attribute.WithLeadingTrivia(parameter.GetLeadingTrivia()).WithTrailingTrivia(Space));
        return root.ReplaceNode(parameter, updated);
    }
}
