using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Memoize.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Memoize.Generator.Tests;

/// <summary>The generator redoes no work a rerun does not need, and its steps hold no compiler objects.</summary>
public sealed class IncrementalTests
{
    private const string Service = """
        using Memoize;
        namespace Shop;
        public partial class PriceService
        {
            [Cached(KeyPrefix = "price", Minutes = 30)]
            public partial decimal GetPrice(string sku, int quantity);
            private decimal GetPriceCore(string sku, int quantity) => quantity;
        }
        """;

    private static readonly string[] TrackedSteps = [CachedMethodGenerator.SpecsStep, CachedMethodGenerator.GeneratableStep];

    [Fact]
    public void A_rerun_on_a_cloned_compilation_leaves_every_step_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Service);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();

        driver = driver.RunGenerators(compilation.Clone());
        GeneratorRunResult second = driver.GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            Assert.All(second.TrackedSteps[step].SelectMany(static s => s.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.Equal(first.GeneratedSources.Select(static s => s.SourceText.ToString()), second.GeneratedSources.Select(static s => s.SourceText.ToString()));
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_or_compilation()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Service);
        GeneratorRunResult result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object value, _) in run.Outputs)
                {
                    AssertHoldsNoCompilerObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    [Fact]
    public void Editing_an_unrelated_file_or_method_body_does_no_emit_work()
    {
        const string other = "namespace Shop; public class Clock { public int Now() => 1; }";
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Service, other);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree oldTree = compilation.SyntaxTrees.Last();
        compilation = compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(other.Replace("=> 1", "=> 2", StringComparison.Ordinal), GeneratorHarness.ParseOptions, oldTree.FilePath));
        compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Shop; public class Unrelated { }", GeneratorHarness.ParseOptions, "Unrelated.cs"));
        GeneratorRunResult rerun = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.All(rerun.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    public static TheoryData<string, string, string[], string[]> Edits() => new()
    {
        // edit name, new text of the service file, expected reasons of the spec step outputs, of the source outputs
        // (each method's file, then the assembly's cache manifest)
        { "the body of the Core method in the same file", Service.Replace("=> quantity;", "=> quantity * 2;", StringComparison.Ordinal), ["Unchanged"], ["Cached", "Cached"] },
        { "an attribute argument", Service.Replace("Minutes = 30", "Minutes = 45", StringComparison.Ordinal), ["Modified"], ["Modified", "Modified"] },
        {
            "a second cached method",
            Service.Replace("    private decimal", "    [Cached] public partial int Count(string sku);\n    private int CountCore(string sku) => 1;\n    private decimal", StringComparison.Ordinal),
            ["Unchanged", "New"],
            ["Cached", "New", "Modified"]
        },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Each_edit_gives_the_expected_run_reasons(string edit, string editedService, string[] specReasons, string[] outputReasons)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Service);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        compilation = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(editedService, GeneratorHarness.ParseOptions, tree.FilePath));
        GeneratorRunResult rerun = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        string[] actualSpecs = rerun.TrackedSteps[CachedMethodGenerator.SpecsStep].SelectMany(static s => s.Outputs).Select(static o => o.Reason.ToString()).Order(StringComparer.Ordinal).ToArray();
        string[] actualOutputs = rerun.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs).Select(static o => o.Reason.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.True(specReasons.Order(StringComparer.Ordinal).SequenceEqual(actualSpecs), $"{edit}: spec step was [{string.Join(", ", actualSpecs)}]");
        Assert.True(outputReasons.Order(StringComparer.Ordinal).SequenceEqual(actualOutputs), $"{edit}: output was [{string.Join(", ", actualOutputs)}]");
    }

    private static void AssertHoldsNoCompilerObjects(object? value, string step, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree, $"{step} holds a {value.GetType().Name}");
        if (value is IEnumerable sequence)
        {
            foreach (object? item in sequence)
            {
                AssertHoldsNoCompilerObjects(item, step, seen);
            }
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertHoldsNoCompilerObjects(field.GetValue(value), step, seen);
        }
    }
}
