using System.Collections.Generic;
using System.Linq;
using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>The parts of a method declaration a generated implementation repeats: type parameters and their constraints.</summary>
internal static class Signatures
{
    /// <summary><c>&lt;T, U&gt;</c>, or empty for a method that is not generic.</summary>
    public static string TypeParameterList(EquatableArray<TypeParameterSpec> typeParameters)
        => typeParameters.Count == 0 ? "" : "<" + string.Join(", ", typeParameters.Select(static p => p.Name)) + ">";

    /// <summary>The <c>where</c> clauses preceded by a space, or empty when there are none.</summary>
    public static string Constraints(EquatableArray<TypeParameterSpec> typeParameters)
    {
        if (typeParameters.Count == 0)
        {
            return "";
        }

        var clauses = new List<string>();
        foreach (TypeParameterSpec parameter in typeParameters)
        {
            var constraints = new List<string>();
            string? special = parameter.SpecialConstraint switch
            {
                SpecialConstraint.ReferenceType => "class",
                SpecialConstraint.NullableReferenceType => "class?",
                SpecialConstraint.Unmanaged => "unmanaged",
                SpecialConstraint.ValueType => "struct",
                SpecialConstraint.NotNull => "notnull",
                _ => null,
            };
            if (special is not null)
            {
                constraints.Add(special);
            }

            constraints.AddRange(parameter.ConstraintTypes);
            if (parameter.HasConstructorConstraint)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                clauses.Add($"where {parameter.Name} : {string.Join(", ", constraints)}");
            }
        }

        return clauses.Count == 0 ? "" : " " + string.Join(" ", clauses);
    }
}
