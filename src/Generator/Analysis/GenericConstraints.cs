using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Analysis;

/// <summary>Writes <c>where</c> clauses from type parameter symbols, fully qualified, as partial declarations need them.</summary>
internal static class GenericConstraints
{
    public static string Clauses(IEnumerable<ITypeParameterSymbol> parameters)
    {
        var clauses = new List<string>();
        foreach (ITypeParameterSymbol parameter in parameters)
        {
            var constraints = new List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (parameter.HasUnmanagedTypeConstraint)
            {
                constraints.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                constraints.Add("struct");
            }
            else if (parameter.HasNotNullConstraint)
            {
                constraints.Add("notnull");
            }

            constraints.AddRange(parameter.ConstraintTypes.Select(static t => t.ToDisplayString(SymbolFormats.FullyQualifiedNullable)));
            if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                clauses.Add($"where {CachedMethodClassifier.EscapeIdentifier(parameter.Name)} : {string.Join(", ", constraints)}");
            }
        }

        return string.Join(" ", clauses);
    }
}
