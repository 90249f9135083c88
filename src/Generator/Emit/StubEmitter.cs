using Memoize.Generator.Analysis;
using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>Writes the throwing body of a method Memoize could not generate (see <see cref="StubBuilder"/>).</summary>
internal static class StubEmitter
{
    public static string Emit(StubSpec stub)
        => TypeScaffold.Write(stub.Namespace, stub.ContainingTypes, writer =>
        {
            writer.WriteLine("// A Memoize build error is reported for this method; this body only keeps the compiler from hiding it.");
            writer.WriteLine(CachedMethodEmitter.GeneratedCode);
            writer.WriteLine(stub.Signature);
            writer.Indent();
            writer.WriteLine($"=> throw new global::System.InvalidOperationException({CachedMethodClassifier.Literal(stub.Message)});");
            writer.Unindent();
        },
        stub.Unsafe);
}
