using System.Collections.Generic;
using System.Linq;
using Memoize.Generator.Analysis;
using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>Writes the implementing declaration of one memoized method, its descriptor field and its key builder.</summary>
internal static class CachedMethodEmitter
{
    public static readonly string Version = typeof(CachedMethodEmitter).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    public static readonly string GeneratedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"Memoize.Generator\", \"{Version}\")]";

    public static string Emit(CachedMethodSpec spec)
        => TypeScaffold.Write(spec.Namespace, spec.ContainingTypes, writer =>
        {
            WriteDescriptor(writer, spec);
            writer.WriteLine();
            WriteSegmentHelpers(writer, spec);
            WriteMethod(writer, spec);
            if (spec.HasKeyBuilder)
            {
                writer.WriteLine();
                WriteKeyBuilder(writer, spec);
            }
        });

    /// <summary>The expression of the cache manager a generated body uses.</summary>
    public static string ManagerExpression(string? managerMember, string methodName)
        => managerMember is null
            ? "global::Memoize.CacheManager.Default"
            : $"({managerMember} ?? throw new global::System.InvalidOperationException({CachedMethodClassifier.Literal(managerMember.Replace("this.", "") + " is null: memoized method " + methodName + " needs a cache manager.")}))";

    /// <summary>The key arguments tuple built from the parameters (by name), as the descriptor expects it.</summary>
    public static string ArgumentsExpression(CachedMethodSpec spec)
    {
        ParameterSpec[] keys = KeyParameters(spec);
        string Element(ParameterSpec key) => key.Format == KeyFormat.Segment ? $"{SegmentHelper(spec, key)}({key.Name})" : key.Name;
        return keys.Length switch
        {
            0 => "default(global::System.ValueTuple)",
            1 => $"new global::System.ValueTuple<{keys[0].KeyType}>({Element(keys[0])})",
            _ => "(" + string.Join(", ", keys.Select(Element)) + ")",
        };
    }

    private static void WriteDescriptor(SourceWriter writer, CachedMethodSpec spec)
    {
        ParameterSpec[] keys = KeyParameters(spec);
        string argsType = ArgsType(keys);
        string fieldType = $"global::Memoize.CompilerServices.CachedMethod<{argsType}, {spec.ResultType}>";
        string store = spec.Store is null ? "null" : CachedMethodClassifier.Literal(spec.Store);
        string ttl = spec.TtlSeconds is { } seconds ? $"global::System.TimeSpan.FromSeconds({seconds})" : "null";
        bool generic = spec.TypeParameters.Length > 0;
        if (generic)
        {
            // A static field cannot depend on a method's type parameters: each closed method gets its own holder.
            writer.WriteLine($"private static class {spec.FieldName}_Holder{spec.TypeParameters}{Where(spec.Constraints)}");
            writer.OpenBlock();
        }

        writer.WriteLine(GeneratedCode);
        writer.WriteLine(generic
            ? $"internal static readonly {fieldType} Method = new {fieldType}("
            : $"private static readonly {fieldType} {spec.FieldName} = new {fieldType}(");
        writer.Indent();
        writer.WriteLine($"{spec.KeyPrefixExpression}, {store}, {ttl},");
        writer.WriteLine($"static (ref global::Memoize.CompilerServices.CacheKeyWriter writer, in {argsType} args) =>");
        writer.OpenBlock();
        for (int i = 0; i < keys.Length; i++)
        {
            WriteKeySegment(writer, keys[i], "args.Item" + (i + 1));
        }

        writer.CloseBlock(spec.Sliding ? ", sliding: true);" : ");");
        writer.Unindent();
        if (generic)
        {
            writer.CloseBlock();
        }
    }

    private static void WriteKeySegment(SourceWriter writer, ParameterSpec key, string access)
    {
        if (key.Sensitive)
        {
            // The value is formatted into its own writer and only its hash reaches the key.
            writer.WriteLine("{");
            writer.Indent();
            writer.WriteLine("var inner = global::Memoize.CompilerServices.CacheKeyWriter.ForSegment();");
            writer.WriteLine(KeySegmentStatement(key, access, "inner"));
            writer.WriteLine("writer.WriteHashed(ref inner);");
            writer.Unindent();
            writer.WriteLine("}");
            return;
        }

        writer.WriteLine(KeySegmentStatement(key, access, "writer"));
    }

    private static string KeySegmentStatement(ParameterSpec key, string access, string target)
    {
        if (key.Format == KeyFormat.Segment)
        {
            return $"{target}.WriteSegment({access});";
        }

        string value = key.IsNullableValue ? access + ".Value" : access;
        if (key.Format == KeyFormat.Wrapped)
        {
            value += ".Value";
        }

        if (key.WriteCast is not null)
        {
            value = $"({key.WriteCast}){value}";
        }

        return key.IsNullableValue
            ? $"if ({access}.HasValue) {target}.Write({value}); else {target}.WriteNull();"
            : $"{target}.Write({value});";
    }

    private static void WriteSegmentHelpers(SourceWriter writer, CachedMethodSpec spec)
    {
        foreach (ParameterSpec key in KeyParameters(spec).Where(static k => k.Format == KeyFormat.Segment))
        {
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"private static string {SegmentHelper(spec, key)}{spec.TypeParameters}({key.Type} value){Where(spec.Constraints)}");
            writer.OpenBlock();
            writer.WriteLine("var writer = global::Memoize.CompilerServices.CacheKeyWriter.ForSegment();");
            writer.WriteLine(key.SegmentCode!);
            writer.WriteLine("return writer.ToSegment();");
            writer.CloseBlock();
            writer.WriteLine();
        }
    }

    private static string SegmentHelper(CachedMethodSpec spec, ParameterSpec key) => spec.FieldName + "_" + key.Name.TrimStart('@') + "Segment";

    private static void WriteMethod(SourceWriter writer, CachedMethodSpec spec)
    {
        ParameterSpec? token = spec.Parameters.FirstOrDefault(static p => p.Role == ParameterRole.CancellationToken);

        // What the static compute lambda receives besides the key tuple: the instance, pass-through arguments, and
        // arguments whose key is their formatted text (Core needs the value itself).
        var stateItems = new List<string>();
        if (!spec.IsStatic)
        {
            stateItems.Add("this");
        }

        var stateIndex = new Dictionary<string, int>();
        foreach (ParameterSpec parameter in spec.Parameters)
        {
            if (parameter.Role == ParameterRole.PassThrough || parameter.Format == KeyFormat.Segment)
            {
                stateIndex[parameter.Name] = stateItems.Count;
                stateItems.Add(parameter.Name);
            }
        }

        string state = stateItems.Count switch
        {
            0 => "(object?)null",
            1 => stateItems[0],
            _ => "(" + string.Join(", ", stateItems) + ")",
        };
        string StateAccess(int index) => stateItems.Count == 1 ? "s" : "s.Item" + (index + 1);

        var coreArguments = new List<string>();
        int keyIndex = 0;
        foreach (ParameterSpec parameter in spec.Parameters)
        {
            if (parameter.Role == ParameterRole.Key)
            {
                keyIndex++;
            }

            coreArguments.Add(parameter.Role switch
            {
                ParameterRole.CancellationToken => "ct",
                _ when stateIndex.TryGetValue(parameter.Name, out int index) => StateAccess(index),
                _ => "a.Item" + keyIndex,
            });
        }

        string instance = spec.IsStatic ? "" : StateAccess(0) + ".";
        string core = $"{instance}{spec.CoreName}{spec.TypeParameters}({string.Join(", ", coreArguments)})";
        string unless = spec.Unless is null
            ? ""
            : $", static (s, r) => {(spec.Unless.IsStatic ? "" : StateAccess(0) + ".")}{spec.Unless.Name}(r)";
        string manager = ManagerExpression(spec.ManagerMember, spec.Name);
        string ct = token?.Name ?? "global::System.Threading.CancellationToken.None";
        string tuple = ArgumentsExpression(spec);
        string call = spec.ReturnKind switch
        {
            ReturnKind.Task => $"{spec.FieldAccess}.InvokeAsync({manager}, {tuple}, {state}, static (s, a, ct) => {core}, {ct}{unless})",
            ReturnKind.ValueTask => $"{spec.FieldAccess}.InvokeValueTaskAsync({manager}, {tuple}, {state}, static (s, a, ct) => {core}, {ct}{unless})",
            _ => $"{spec.FieldAccess}.Invoke({manager}, {tuple}, {state}, static (s, a) => {core}{unless})",
        };

        writer.WriteLine(GeneratedCode);
        writer.WriteLine($"{spec.Modifiers} {spec.ReturnType} {spec.Name}{spec.TypeParameters}({ParameterList(spec.Parameters)}){Where(spec.Constraints)}");
        writer.Indent();
        writer.WriteLine("=> " + call + ";");
        writer.Unindent();
    }

    /// <summary>A static method that builds the key a call with these arguments uses (before manager and store prefixes).</summary>
    private static void WriteKeyBuilder(SourceWriter writer, CachedMethodSpec spec)
    {
        ParameterSpec[] keys = KeyParameters(spec);
        string accessibility = spec.Accessibility.Length == 0 ? "private" : spec.Accessibility;
        writer.WriteLine($"/// <summary>The cache key of <c>{spec.Name.TrimStart('@')}</c> for these arguments, before the manager's and store's prefixes.</summary>");
        writer.WriteLine(GeneratedCode);
        writer.WriteLine($"{accessibility} static string {spec.Name.TrimStart('@')}CacheKey{spec.TypeParameters}({ParameterList(keys)}){Where(spec.Constraints)}");
        writer.Indent();
        writer.WriteLine($"=> {spec.FieldAccess}.BuildKey({ArgumentsExpression(spec)});");
        writer.Unindent();
    }

    public static string ParameterList(IEnumerable<ParameterSpec> parameters)
        => string.Join(", ", parameters.Select(static p => (p.IsParams ? "params " : "") + p.Type + " " + p.Name));

    public static ParameterSpec[] KeyParameters(CachedMethodSpec spec) => spec.Parameters.Where(static p => p.Role == ParameterRole.Key).ToArray();

    private static string Where(string constraints) => constraints.Length == 0 ? "" : " " + constraints;

    private static string ArgsType(ParameterSpec[] keys) => keys.Length switch
    {
        0 => "global::System.ValueTuple",
        1 => $"global::System.ValueTuple<{keys[0].KeyType}>",
        _ => "(" + string.Join(", ", keys.Select(static k => k.KeyType)) + ")",
    };
}
