using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>Writes the throwing implementation of a cached method that cannot be cached.</summary>
internal static class UncachedStubEmitter
{
    public static string Emit(UncachedStubSpec spec) => TypeScaffold.Write(
        spec.Namespace,
        spec.ContainingTypes,
        writer =>
        {
            writer.WriteLine($"[global::System.CodeDom.Compiler.GeneratedCode(\"Memoize.Generator\", \"{CachedMethodEmitter.Version}\")]");
            writer.WriteLine(spec.Declaration);
            writer.Indent();
            if (spec.Constraints.Length > 0)
            {
                writer.WriteLine(spec.Constraints);
            }

            writer.WriteLine($"=> throw new global::System.InvalidOperationException({Analysis.CachedMethodClassifier.Literal(spec.Message)});");
            writer.Unindent();
        },
        spec.Unsafe);
}
