using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Memoize.Analyzers.CodeFixes;

/// <summary>Builds the <c>{Name}Core</c> method that goes with a cached method: private, same parameters and return type.</summary>
internal static class CoreMethodSyntax
{
    public static MethodDeclarationSyntax Create(MethodDeclarationSyntax cached, BlockSyntax body, bool isAsync = false)
    {
        var modifiers = TokenList(Token(SyntaxKind.PrivateKeyword));
        if (cached.Modifiers.Any(SyntaxKind.StaticKeyword))
        {
            modifiers = modifiers.Add(Token(SyntaxKind.StaticKeyword));
        }

        if (isAsync)
        {
            modifiers = modifiers.Add(Token(SyntaxKind.AsyncKeyword));
        }

        // Attributes ([NotCacheKey]) and default values belong to the public declaration only.
        ParameterListSyntax parameters = ParameterList(SeparatedList(cached.ParameterList.Parameters.Select(
            static p => p.WithAttributeLists(default).WithDefault(null).WithoutTrivia())));

        return MethodDeclaration(cached.ReturnType.WithoutTrivia(), Identifier(cached.Identifier.ValueText + "Core"))
            .WithModifiers(modifiers)
            .WithTypeParameterList(cached.TypeParameterList)
            .WithConstraintClauses(cached.ConstraintClauses)
            .WithParameterList(parameters)
            .WithBody(body)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    public static BlockSyntax ThrowNotImplemented()
        => Block(ThrowStatement(ObjectCreationExpression(
                ParseTypeName("global::System.NotImplementedException").WithAdditionalAnnotations(Simplifier.Annotation))
            .WithArgumentList(ArgumentList())));
}
