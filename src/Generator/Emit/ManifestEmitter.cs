using System;
using System.Linq;
using System.Text;
using Memoize.Generator.Helpers;
using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>
/// Writes the assembly's cache manifest: one line per memoized method, registered into <c>Memoize.CacheManifest</c>
/// by a module initializer when the assembly loads.
/// </summary>
internal static class ManifestEmitter
{
    public static string Emit(EquatableArray<ManifestEntrySpec> entries)
        => TypeScaffold.Write("Memoize.Generated", EquatableArray<ContainingTypeSpec>.Empty, writer =>
        {
            writer.WriteLine("/// <summary>The memoized methods of this assembly, registered into the cache manifest when it loads.</summary>");
            writer.WriteLine(TypeScaffold.GeneratedCode);
            writer.WriteLine("file static class MemoizeCacheManifest");
            writer.OpenBlock();
            writer.WriteLine("[global::System.Runtime.CompilerServices.ModuleInitializer]");
            writer.WriteLine("internal static void Register()");
            writer.Indent();
            writer.WriteLine($"=> {RuntimeTypeNames.CacheManifest}.Register(typeof(MemoizeCacheManifest).Assembly.GetName().Name ?? \"\", new {RuntimeTypeNames.CacheManifestEntry}[]");
            writer.OpenBlock();

            // Ordinal order of what each line shows: the same methods give the same file whatever order they come in.
            var lines = entries
                .Select(static entry => (Entry: entry, Type: TypeName(entry), Method: MethodName(entry), Template: KeyTemplate(entry)))
                .OrderBy(static line => line.Type, StringComparer.Ordinal)
                .ThenBy(static line => line.Method, StringComparer.Ordinal)
                .ThenBy(static line => line.Template, StringComparer.Ordinal);
            foreach ((ManifestEntrySpec entry, string type, string method, string template) in lines)
            {
                string store = entry.Store is null ? "null" : CSharpLiteral.Of(entry.Store);
                string ttl = entry.TtlSeconds is { } seconds ? $"global::System.TimeSpan.FromSeconds({seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)})" : "null";
                writer.WriteLine($"new(\"\", {CSharpLiteral.Of(type)}, {CSharpLiteral.Of(method)}, {template}, {store}, {ttl}, {(entry.Sliding ? "true" : "false")}),");
            }

            writer.CloseBlock(");");
            writer.Unindent();
            writer.CloseBlock();
        });

    /// <summary>The declaring type with namespace and type parameters.</summary>
    private static string TypeName(ManifestEntrySpec entry)
    {
        var type = new StringBuilder();
        if (entry.Namespace is not null)
        {
            type.Append(entry.Namespace).Append('.');
        }

        return type.Append(string.Join(".", entry.ContainingTypes.Select(static t => t.NameWithTypeParameters))).ToString();
    }

    /// <summary>The method's name with type parameters.</summary>
    private static string MethodName(ManifestEntrySpec entry)
        => Identifiers.Unescape(entry.Name) + (entry.TypeParameters.Count == 0 ? "" : "<" + string.Join(", ", entry.TypeParameters) + ">");

    /// <summary>
    /// A constant expression of the key template: the prefix, with type parameters' names where a call fills in type
    /// arguments, then <c>:{name}</c> (or <c>:{#name}</c> for a hashed value) per key argument.
    /// </summary>
    private static string KeyTemplate(ManifestEntrySpec entry)
    {
        string prefix = KeyWriting.PrefixExpression(entry.KeyPrefix, static name => CSharpLiteral.Of(name));
        var segments = new StringBuilder();
        foreach (KeySegmentSpec segment in entry.KeySegments)
        {
            segments.Append(":{").Append(segment.Sensitive ? "#" : "").Append(Identifiers.Unescape(segment.Name)).Append('}');
        }

        return segments.Length == 0 ? prefix : prefix + " + " + CSharpLiteral.Of(segments.ToString());
    }
}
