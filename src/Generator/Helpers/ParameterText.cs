using System.Collections.Generic;
using System.Linq;
using Memoize.Generator.Model;

namespace Memoize.Generator.Helpers;

/// <summary>How parameters are written in a declaration: in generated code, and in messages that show the signature to write.</summary>
internal static class ParameterText
{
    /// <summary><c>T a, params U[] b</c>, with <c>this</c> and <c>ref</c>-style modifiers where the parameters have them.</summary>
    public static string List(IEnumerable<ParameterSpec> parameters)
        => string.Join(", ", parameters.Select(static p => (p.IsExtensionThis ? "this " : "") + (p.IsParams ? "params " : "") + RefKindPrefix(p.RefKind) + p.Type + " " + p.Name));

    /// <summary><c>ref </c>, <c>out </c>, <c>in </c>, <c>ref readonly </c> or nothing.</summary>
    public static string RefKindPrefix(ParameterRefKind kind) => kind switch
    {
        ParameterRefKind.Ref => "ref ",
        ParameterRefKind.Out => "out ",
        ParameterRefKind.In => "in ",
        ParameterRefKind.RefReadOnly => "ref readonly ",
        _ => "",
    };
}
