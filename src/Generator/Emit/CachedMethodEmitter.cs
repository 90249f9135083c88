using System.Collections.Generic;
using System.Linq;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>Writes the implementing declaration of one memoized method, its descriptor field and its key builder.</summary>
internal static class CachedMethodEmitter
{
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

    private static void WriteDescriptor(SourceWriter writer, CachedMethodSpec spec)
    {
        ParameterSpec[] keys = KeyParameters(spec);
        string argsType = KeyWriting.TupleType(keys);
        string fieldType = $"{RuntimeTypeNames.CachedMethod}<{argsType}, {spec.ResultType}>";
        string store = spec.Store is null ? "null" : CSharpLiteral.Of(spec.Store);
        string ttl = spec.TtlSeconds is { } seconds ? $"global::System.TimeSpan.FromSeconds({seconds})" : "null";
        bool generic = spec.TypeParameters.Count > 0;
        if (generic)
        {
            // A static field cannot depend on a method's type parameters: each closed method gets its own holder.
            writer.WriteLine($"private static class {spec.FieldName}_Holder{Signatures.TypeParameterList(spec.TypeParameters)}{Signatures.Constraints(spec.TypeParameters)}");
            writer.OpenBlock();
        }

        writer.WriteLine(TypeScaffold.GeneratedCode);
        writer.WriteLine(generic
            ? $"internal static readonly {fieldType} Method = new {fieldType}("
            : $"private static readonly {fieldType} {spec.FieldName} = new {fieldType}(");
        writer.Indent();
        writer.WriteLine($"{KeyWriting.PrefixExpression(spec.KeyPrefix, KeyWriting.TypeArgumentName)}, {store}, {ttl},");
        writer.WriteLine($"static (ref {RuntimeTypeNames.CacheKeyWriter} writer, in {argsType} args) =>");
        writer.OpenBlock();
        for (int i = 0; i < keys.Length; i++)
        {
            WriteKeyArgument(writer, keys[i], "args.Item" + (i + 1));
        }

        writer.CloseBlock((spec.Sliding ? ", sliding: true" : "") + OptionsArgument(spec.Resilience) + ");");
        writer.Unindent();
        if (generic)
        {
            writer.CloseBlock();
        }
    }

    /// <summary>
    /// The descriptor's <c>options:</c> argument with exactly the options the attribute sets, in the order the runtime
    /// declares them; empty when it sets none, so the manager's defaults apply.
    /// </summary>
    private static string OptionsArgument(ResilienceSpec? options)
    {
        if (options is null)
        {
            return "";
        }

        var assignments = new List<string>(6);
        Add(nameof(options.FailSafeMinutes), options.FailSafeMinutes);
        Add(nameof(options.FailSafeThrottleSeconds), options.FailSafeThrottleSeconds);
        Add(nameof(options.SoftTimeoutMilliseconds), options.SoftTimeoutMilliseconds);
        Add(nameof(options.HardTimeoutMilliseconds), options.HardTimeoutMilliseconds);
        if (options.EagerRefresh is { } fraction)
        {
            assignments.Add(nameof(options.EagerRefresh) + " = " + CSharpLiteral.Of(fraction));
        }

        Add(nameof(options.JitterSeconds), options.JitterSeconds);
        return $", options: new {RuntimeTypeNames.RememberOptions} {{ {string.Join(", ", assignments)} }}";

        void Add(string name, int? value)
        {
            if (value is { } number)
            {
                assignments.Add(name + " = " + CSharpLiteral.Of(number));
            }
        }
    }

    private static void WriteKeyArgument(SourceWriter writer, ParameterSpec key, string access)
    {
        if (key.Sensitive)
        {
            // The value is formatted into its own writer and only its hash reaches the key.
            writer.WriteLine("{");
            writer.Indent();
            writer.WriteLine($"var inner = {RuntimeTypeNames.CacheKeyWriter}.ForSegment();");
            writer.WriteLine(KeyWriting.ArgumentStatement(key, access, "inner"));
            writer.WriteLine("writer.WriteHashed(ref inner);");
            writer.Unindent();
            writer.WriteLine("}");
            return;
        }

        writer.WriteLine(KeyWriting.ArgumentStatement(key, access, "writer"));
    }

    private static void WriteSegmentHelpers(SourceWriter writer, CachedMethodSpec spec)
    {
        foreach (ParameterSpec key in KeyParameters(spec).Where(static k => k.Format == KeyFormat.Segment))
        {
            writer.WriteLine(TypeScaffold.GeneratedCode);
            writer.WriteLine($"private static string {DescriptorAccess.SegmentHelper(spec.FieldName, key)}{Signatures.TypeParameterList(spec.TypeParameters)}({key.Type} value){Signatures.Constraints(spec.TypeParameters)}");
            writer.OpenBlock();
            writer.WriteLine($"var writer = {RuntimeTypeNames.CacheKeyWriter}.ForSegment();");
            writer.WriteLine(KeyWriting.ValueStatements(key.Key!, "value", "writer", depth: 0));
            writer.WriteLine("return writer.ToSegment();");
            writer.CloseBlock();
            writer.WriteLine();
        }
    }

    private static void WriteMethod(SourceWriter writer, CachedMethodSpec spec)
    {
        ParameterSpec? token = spec.Parameters.FirstOrDefault(static p => p.Role == ParameterRole.CancellationToken);
        string typeParameters = Signatures.TypeParameterList(spec.TypeParameters);

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
        string core = $"{instance}{spec.CoreName}{typeParameters}({string.Join(", ", coreArguments)})";
        string unless = spec.Unless is null
            ? ""
            : $", static (s, r) => {(spec.Unless.IsStatic ? "" : StateAccess(0) + ".")}{spec.Unless.Name}(r)";
        string manager = DescriptorAccess.Manager(spec.Manager, spec.Name);
        string ct = token?.Name ?? "global::System.Threading.CancellationToken.None";
        string tuple = DescriptorAccess.Arguments(spec.FieldName, KeyParameters(spec));
        string field = DescriptorAccess.Field(spec);
        string call = spec.ReturnKind switch
        {
            ReturnKind.Task => $"{field}.InvokeAsync({manager}, {tuple}, {state}, static (s, a, ct) => {core}, {ct}{unless})",
            ReturnKind.ValueTask => $"{field}.InvokeValueTaskAsync({manager}, {tuple}, {state}, static (s, a, ct) => {core}, {ct}{unless})",
            _ => $"{field}.Invoke({manager}, {tuple}, {state}, static (s, a) => {core}{unless})",
        };

        writer.WriteLine(TypeScaffold.GeneratedCode);
        writer.WriteLine($"{spec.Modifiers} {spec.ReturnType} {spec.Name}{typeParameters}({ParameterText.List(spec.Parameters)}){Signatures.Constraints(spec.TypeParameters)}");
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
        writer.WriteLine(TypeScaffold.GeneratedCode);
        writer.WriteLine($"{accessibility} static string {spec.Name.TrimStart('@')}CacheKey{Signatures.TypeParameterList(spec.TypeParameters)}({ParameterText.List(keys)}){Signatures.Constraints(spec.TypeParameters)}");
        writer.Indent();
        writer.WriteLine($"=> {DescriptorAccess.Field(spec)}.BuildKey({DescriptorAccess.Arguments(spec.FieldName, keys)});");
        writer.Unindent();
    }

    private static ParameterSpec[] KeyParameters(CachedMethodSpec spec) => spec.Parameters.Where(static p => p.Role == ParameterRole.Key).ToArray();
}
