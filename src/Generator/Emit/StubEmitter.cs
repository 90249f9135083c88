using Memoize.Generator.Helpers;
using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>Writes the throwing body of a method Memoize could not generate; its message names the diagnostics to fix.</summary>
internal static class StubEmitter
{
    public static string Emit(StubSpec stub)
        => TypeScaffold.Write(stub.Namespace, stub.ContainingTypes, writer =>
        {
            string returnRef = stub.ReturnRefKind switch
            {
                ReturnRefKind.RefReadOnly => "ref readonly ",
                ReturnRefKind.Ref => "ref ",
                _ => "",
            };
            writer.WriteLine("// A Memoize build error is reported for this method; this body only keeps the compiler from hiding it.");
            writer.WriteLine(TypeScaffold.GeneratedCode);
            writer.WriteLine($"{stub.Modifiers} {returnRef}{stub.ReturnType} {stub.Name}{Signatures.TypeParameterList(stub.TypeParameters)}({ParameterText.List(stub.Parameters)}){Signatures.Constraints(stub.TypeParameters)}");
            writer.Indent();
            writer.WriteLine($"=> throw new global::System.InvalidOperationException({CSharpLiteral.Of(stub.Message)});");
            writer.Unindent();
        },
        stub.Unsafe);
}
