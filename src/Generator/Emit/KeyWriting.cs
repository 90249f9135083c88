using System.Collections.Generic;
using System.Linq;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>
/// The code that puts key arguments into a key: the tuple that carries them, and the statements that write each
/// one into a <c>CacheKeyWriter</c>, from the key shape the parser found.
/// </summary>
internal static class KeyWriting
{
    /// <summary>The key arguments tuple type the descriptor is generic over.</summary>
    public static string TupleType(IReadOnlyList<ParameterSpec> keys) => keys.Count switch
    {
        0 => "global::System.ValueTuple",
        1 => $"global::System.ValueTuple<{ElementType(keys[0])}>",
        _ => "(" + string.Join(", ", keys.Select(ElementType)) + ")",
    };

    /// <summary>The tuple element that carries one key argument: itself, its wrapper, or its segment text.</summary>
    public static string ElementType(ParameterSpec key)
    {
        KeyValueSpec value = key.Key!;
        string nullable = value.IsNullableValue ? "?" : "";
        return value.Kind switch
        {
            KeyValueKind.Scalar => value.Type,
            KeyValueKind.DateTime => RuntimeTypeNames.KeyDateTime + nullable,
            KeyValueKind.DateTimeOffset => RuntimeTypeNames.KeyDateTimeOffset + nullable,
            _ => "string",
        };
    }

    /// <summary>The statement that writes the key argument at <paramref name="access"/> (a tuple element) into <paramref name="writer"/>.</summary>
    public static string ArgumentStatement(ParameterSpec key, string access, string writer)
        => key.Format == KeyFormat.Segment
            ? $"{writer}.WriteSegment({access});"
            : ScalarStatement(key.Key!, access, writer, unwrap: key.Format == KeyFormat.Wrapped);

    /// <summary>Statements writing <paramref name="expression"/>, a value of the shape <paramref name="value"/>, into <paramref name="writer"/>.</summary>
    /// <param name="value">The value's key shape.</param>
    /// <param name="expression">The value.</param>
    /// <param name="writer">The writer variable.</param>
    /// <param name="depth">How deep in the value this is, which names the variables of nested lambdas.</param>
    public static string ValueStatements(KeyValueSpec value, string expression, string writer, int depth) => value.Kind switch
    {
        KeyValueKind.Scalar or KeyValueKind.DateTime or KeyValueKind.DateTimeOffset => ScalarStatement(value, expression, writer, unwrap: false),
        KeyValueKind.CacheKey => $"{writer}.WriteCacheKey({expression});",
        KeyValueKind.Dictionary => $"{writer}.WriteDictionary({expression}, {Lambda(value.Elements[0], depth)}, {Lambda(value.Elements[1], depth)});",
        KeyValueKind.List => $"{writer}.WriteList({expression}, {Lambda(value.Elements[0], depth)});",
        _ => ObjectStatements(value, expression, writer, depth),
    };

    /// <param name="unwrap">Whether <paramref name="expression"/> is a key wrapper whose <c>Value</c> is written.</param>
    private static string ScalarStatement(KeyValueSpec value, string expression, string writer, bool unwrap)
    {
        string written = value.IsNullableValue ? expression + ".Value" : expression;
        if (unwrap)
        {
            written += ".Value";
        }

        if (value.WriteCast is not null)
        {
            written = $"({value.WriteCast}){written}";
        }

        return value.IsNullableValue
            ? $"if ({expression}.HasValue) {writer}.Write({written}); else {writer}.WriteNull();"
            : $"{writer}.Write({written});";
    }

    private static string Lambda(KeyValueSpec element, int depth)
    {
        string name = "e" + depth;
        string writer = "w" + depth;
        return $"static (ref {RuntimeTypeNames.CacheKeyWriter} {writer}, {element.Type} {name}) => {{ {ValueStatements(element, name, writer, depth + 1)} }}";
    }

    /// <summary>An object written as <c>{Name=value,…}</c> in ordinal member order.</summary>
    private static string ObjectStatements(KeyValueSpec value, string expression, string writer, int depth)
    {
        var lines = new List<string> { $"{writer}.BeginObject();" };
        foreach (KeyMemberSpec member in value.Members)
        {
            lines.Add($"{writer}.Member({CSharpLiteral.Of(member.Name)});");
            lines.Add(ValueStatements(member.Value, expression + "." + Identifiers.Escape(member.Name), writer, depth + 1));
        }

        lines.Add($"{writer}.EndObject();");
        string body = string.Join(" ", lines);
        return value.IsReferenceType ? $"if ({expression} is null) {writer}.WriteNull(); else {{ {body} }}" : body;
    }

    /// <summary>
    /// The key prefix as a C# expression: a literal, or a concatenation whose type arguments are written by
    /// <paramref name="typeArgument"/> (named at run time in generated code, by their parameter's name in the manifest).
    /// </summary>
    public static string PrefixExpression(EquatableArray<KeyPrefixPart> parts, System.Func<string, string> typeArgument)
    {
        var pieces = new string[parts.Count];
        for (int i = 0; i < pieces.Length; i++)
        {
            pieces[i] = parts[i].IsTypeArgument ? typeArgument(parts[i].Text) : CSharpLiteral.Of(parts[i].Text);
        }

        return pieces.Length == 1 ? pieces[0] : "string.Concat(" + string.Join(", ", pieces) + ")";
    }

    /// <summary>The name of a type argument, looked up at run time.</summary>
    public static string TypeArgumentName(string typeParameter) => $"{RuntimeTypeNames.KeyTypeNames}.Of<{Identifiers.Escape(typeParameter)}>()";
}
