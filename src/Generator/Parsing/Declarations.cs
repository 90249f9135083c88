using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Parsing;

/// <summary>
/// Where a generated method goes: the partial declarations it must be written into (namespace, containing types,
/// type parameters), and the problems that leave Memoize no declaration to add a body to.
/// </summary>
internal static class Declarations
{
    /// <summary>
    /// Reports a method that is not a partial declaration without a body (or that the user implemented), and every
    /// containing type that is not partial: Memoize can add no body to either. Shared by both attributes' parsers.
    /// </summary>
    public static void AddProblems(IMethodSymbol method, MethodDeclarationSyntax declaration, List<Problem> problems, CancellationToken cancellationToken)
    {
        Location nameLocation = declaration.Identifier.GetLocation();
        bool isPartial = declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
        bool hasBody = declaration.Body is not null || declaration.ExpressionBody is not null;
        bool userImplemented = method.PartialImplementationPart is { } implementation && !IsGenerated(implementation);
        if (!isPartial || hasBody || userImplemented)
        {
            problems.Add(new Problem(ProblemKind.MethodNotPartial, nameLocation, method.Name));
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!IsPartial(type, cancellationToken))
            {
                problems.Add(new Problem(ProblemKind.ContainingTypeNotPartial, nameLocation, type.Name, method.Name));
            }
        }
    }

    /// <summary>Whether the symbol's declaration is the one this generator wrote.</summary>
    public static bool IsGenerated(ISymbol symbol)
        => symbol.DeclaringSyntaxReferences.All(static r => r.SyntaxTree.FilePath.Replace('\\', '/').Contains("Memoize.Generator/"));

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
        => type.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>The method's namespace, or <see langword="null"/> for the global namespace.</summary>
    public static string? NamespaceOf(IMethodSymbol method)
        => method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString();

    /// <summary>The declaration's modifier keywords as written.</summary>
    public static string Modifiers(MethodDeclarationSyntax declaration)
        => string.Join(" ", declaration.Modifiers.Select(static m => m.Text));

    /// <summary>The containing types, outermost first, as partial declarations need them.</summary>
    public static EquatableArray<ContainingTypeSpec> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new Stack<ContainingTypeSpec>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            ContainingTypeKind kind = current switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => ContainingTypeKind.RecordStruct,
                { IsRecord: true } => ContainingTypeKind.Record,
                { TypeKind: TypeKind.Struct } => ContainingTypeKind.Struct,
                { TypeKind: TypeKind.Interface } => ContainingTypeKind.Interface,
                _ => ContainingTypeKind.Class,
            };
            string name = Identifiers.Escape(current.Name);
            if (current.TypeParameters.Length > 0)
            {
                name += "<" + string.Join(", ", current.TypeParameters.Select(static p => Identifiers.Escape(p.Name))) + ">";
            }

            chain.Push(new ContainingTypeSpec(kind, name));
        }

        return chain.ToEquatableArray();
    }

    /// <summary>The method's type parameters with their constraints, which the implementing declaration repeats.</summary>
    public static EquatableArray<TypeParameterSpec> TypeParameters(IMethodSymbol method)
        => method.TypeParameters.IsEmpty ? EquatableArray<TypeParameterSpec>.Empty : method.TypeParameters.Select(static parameter => new TypeParameterSpec(
            Identifiers.Escape(parameter.Name),
            parameter switch
            {
                { HasReferenceTypeConstraint: true } => parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? SpecialConstraint.NullableReferenceType : SpecialConstraint.ReferenceType,
                { HasUnmanagedTypeConstraint: true } => SpecialConstraint.Unmanaged,
                { HasValueTypeConstraint: true } => SpecialConstraint.ValueType,
                { HasNotNullConstraint: true } => SpecialConstraint.NotNull,
                _ => SpecialConstraint.None,
            },
            parameter.ConstraintTypes.Select(static t => t.ToDisplayString(SymbolFormats.FullyQualifiedNullable)).ToEquatableArray(),
            parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)).ToEquatableArray();
}
