using System.Collections.Generic;
using System.Linq;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>
/// How generated code reaches a memoized method's descriptor and calls it: the field that holds it, the key
/// arguments tuple built from parameters of the same names, and the cache manager. The cached method's body and
/// the invalidating methods that forget its entries use the same expressions.
/// </summary>
internal static class DescriptorAccess
{
    /// <summary>The descriptor field; a generic method's lives in a holder class per closed method.</summary>
    public static string Field(CachedMethodSpec spec)
        => spec.TypeParameters.Count == 0 ? spec.FieldName : spec.FieldName + "_Holder" + Signatures.TypeParameterList(spec.TypeParameters) + ".Method";

    /// <summary>The key arguments tuple built from the parameters (by name), as the descriptor expects it.</summary>
    public static string Arguments(string fieldName, IReadOnlyList<ParameterSpec> keys)
    {
        string Element(ParameterSpec key) => key.Format == KeyFormat.Segment ? $"{SegmentHelper(fieldName, key)}({key.Name})" : key.Name;
        return keys.Count switch
        {
            0 => "default(global::System.ValueTuple)",
            1 => $"new global::System.ValueTuple<{KeyWriting.ElementType(keys[0])}>({Element(keys[0])})",
            _ => "(" + string.Join(", ", keys.Select(Element)) + ")",
        };
    }

    /// <summary>The generated method that formats a segment key argument to its text.</summary>
    public static string SegmentHelper(string fieldName, ParameterSpec key) => fieldName + "_" + key.Name.TrimStart('@') + "Segment";

    /// <summary>The expression of the cache manager a generated body uses.</summary>
    public static string Manager(ManagerMemberSpec? manager, string methodName)
        => manager is null
            ? RuntimeTypeNames.CacheManager + ".Default"
            : $"({(manager.IsStatic ? "" : "this.")}{manager.Name} ?? throw new global::System.InvalidOperationException({CSharpLiteral.Of(manager.Name + " is null: memoized method " + methodName + " needs a cache manager.")}))";
}
