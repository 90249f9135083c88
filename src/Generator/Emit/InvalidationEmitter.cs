using Memoize.Generator.Helpers;
using Memoize.Generator.Model;

namespace Memoize.Generator.Emit;

/// <summary>Writes the body of an <c>[InvalidatesCache]</c> method: forget each target's entry for the same arguments.</summary>
internal static class InvalidationEmitter
{
    public static string Emit(InvalidationSpec spec)
        => TypeScaffold.Write(spec.Namespace, spec.ContainingTypes, writer =>
        {
            bool async = spec.Return is InvalidationReturn.Task or InvalidationReturn.TaskOfBool or InvalidationReturn.ValueTask or InvalidationReturn.ValueTaskOfBool;
            bool returnsBool = spec.Return is InvalidationReturn.Bool or InvalidationReturn.TaskOfBool or InvalidationReturn.ValueTaskOfBool;
            string modifiers = async ? spec.Modifiers.Replace("partial", "async partial") : spec.Modifiers;
            string token = spec.CancellationToken ?? "global::System.Threading.CancellationToken.None";

            writer.WriteLine(TypeScaffold.GeneratedCode);
            writer.WriteLine($"{modifiers} {spec.ReturnType} {spec.Name}({ParameterText.List(spec.Parameters)})");
            writer.OpenBlock();
            writer.WriteLine("bool removed = false;");
            foreach (InvalidationTarget target in spec.Targets)
            {
                string manager = DescriptorAccess.Manager(target.Manager, target.MethodName);
                string arguments = DescriptorAccess.Arguments(target.FieldName, target.KeyParameters);
                writer.WriteLine(async
                    ? $"removed |= await {target.FieldName}.ForgetAsync({manager}, {arguments}, {token}).ConfigureAwait(false);"
                    : $"removed |= {target.FieldName}.Forget({manager}, {arguments});");
            }

            writer.WriteLine(returnsBool ? "return removed;" : "_ = removed;");
            writer.CloseBlock();
        });
}
