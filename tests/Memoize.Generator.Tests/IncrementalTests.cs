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
            [InvalidatesCache(nameof(GetPrice))]
            public partial void ForgetPrice(string sku, int quantity);
        }
        """;

    private static readonly string[] TrackedSteps = [CachedMethodGenerator.SpecsStep, CachedMethodGenerator.GeneratableStep, CachedMethodGenerator.InvalidationsStep];

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

    public static TheoryData<string, string, string[], string[], string[]> Edits() => new()
    {
        // edit name, new text of the service file, expected reasons of the spec step outputs, of the invalidation step
        // outputs, of the source outputs (each cached method's file, the invalidating method's, the cache manifest)
        { "the body of the Core method in the same file", Service.Replace("=> quantity;", "=> quantity * 2;", StringComparison.Ordinal), ["Unchanged"], ["Unchanged"], ["Cached", "Cached", "Cached"] },
        // The duration lives in the target's descriptor, not in the code that forgets its entries.
        { "an attribute argument", Service.Replace("Minutes = 30", "Minutes = 45", StringComparison.Ordinal), ["Modified"], ["Unchanged"], ["Modified", "Cached", "Modified"] },
        // Resilience options live in the descriptor too; the manifest does not list them, so it stays cached.
        { "a resilience argument", Service.Replace("Minutes = 30", "Minutes = 30, FailSafeMinutes = 10", StringComparison.Ordinal), ["Modified"], ["Unchanged"], ["Modified", "Cached", "Cached"] },
        { "a resilience argument's value", Service.Replace("Minutes = 30", "Minutes = 30, EagerRefresh = 0", StringComparison.Ordinal), ["Modified"], ["Unchanged"], ["Modified", "Cached", "Cached"] },
        {
            "a second cached method",
            Service.Replace("    private decimal", "    [Cached] public partial int Count(string sku);\n    private int CountCore(string sku) => 1;\n    private decimal", StringComparison.Ordinal),
            ["Unchanged", "New"],
            ["Unchanged"],
            ["Cached", "New", "Cached", "Modified"]
        },
        {
            "the target's key parameters change order",
            Service.Replace("GetPrice(string sku, int quantity)", "GetPrice(int quantity, string sku)", StringComparison.Ordinal).Replace("GetPriceCore(string sku, int quantity)", "GetPriceCore(int quantity, string sku)", StringComparison.Ordinal),
            ["Modified"],
            ["Modified"],
            ["Modified", "Modified", "Modified"]
        },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Each_edit_gives_the_expected_run_reasons(string edit, string editedService, string[] specReasons, string[] invalidationReasons, string[] outputReasons)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Service);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        compilation = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(editedService, GeneratorHarness.ParseOptions, tree.FilePath));
        GeneratorRunResult rerun = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        string[] actualSpecs = rerun.TrackedSteps[CachedMethodGenerator.SpecsStep].SelectMany(static s => s.Outputs).Select(static o => o.Reason.ToString()).Order(StringComparer.Ordinal).ToArray();
        string[] actualInvalidations = rerun.TrackedSteps[CachedMethodGenerator.InvalidationsStep].SelectMany(static s => s.Outputs).Select(static o => o.Reason.ToString()).Order(StringComparer.Ordinal).ToArray();
        string[] actualOutputs = rerun.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs).Select(static o => o.Reason.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.True(specReasons.Order(StringComparer.Ordinal).SequenceEqual(actualSpecs), $"{edit}: spec step was [{string.Join(", ", actualSpecs)}]");
        Assert.True(invalidationReasons.Order(StringComparer.Ordinal).SequenceEqual(actualInvalidations), $"{edit}: invalidation step was [{string.Join(", ", actualInvalidations)}]");
        Assert.True(outputReasons.Order(StringComparer.Ordinal).SequenceEqual(actualOutputs), $"{edit}: output was [{string.Join(", ", actualOutputs)}]");
    }

    /// <summary>File A of a partial type: the cached method an invalidating method in file B names.</summary>
    private const string TargetFile = """
        using Memoize;
        namespace Users;
        public partial class UserService
        {
            [Cached(KeyPrefix = "user")]
            public partial string GetUser(int id, string region);
            private string GetUserCore(int id, string region) => region;
        }
        """;

    /// <summary>File B of the same partial type, never edited below.</summary>
    private const string InvalidatingFile = """
        using Memoize;
        namespace Users;
        public partial class UserService
        {
            [InvalidatesCache(nameof(GetUser))]
            public partial void UpdateUser(int id, string region);
        }
        """;

    public static TheoryData<string, string> TargetEdits() => new()
    {
        // edit name, new text of file A only
        {
            "the key parameters change order",
            TargetFile.Replace("GetUser(int id, string region)", "GetUser(string region, int id)", StringComparison.Ordinal).Replace("GetUserCore(int id, string region)", "GetUserCore(string region, int id)", StringComparison.Ordinal)
        },
        {
            "a key parameter becomes [NotCacheKey]",
            TargetFile.Replace("GetUser(int id, string region)", "GetUser(int id, [NotCacheKey] string region)", StringComparison.Ordinal)
        },
        {
            "a key parameter is removed",
            TargetFile.Replace("GetUser(int id, string region)", "GetUser(int id)", StringComparison.Ordinal).Replace("GetUserCore(int id, string region) => region", "GetUserCore(int id) => \"\"", StringComparison.Ordinal)
        },
        {
            "a key parameter is renamed",
            TargetFile.Replace("string region)", "string area)", StringComparison.Ordinal).Replace("=> region", "=> area", StringComparison.Ordinal)
        },
        {
            "the type gets a cache manager",
            TargetFile.Replace("    [Cached", "    private readonly ICacheManager _cache = new CacheManager();\n    [Cached", StringComparison.Ordinal)
        },
    };

    [Theory]
    [MemberData(nameof(TargetEdits))]
    public void Editing_only_the_target_in_another_file_regenerates_the_invalidating_method(string edit, string editedTarget)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(TargetFile, InvalidatingFile);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        string before = InvalidationOf(driver.GetRunResult());

        SyntaxTree targetTree = compilation.SyntaxTrees.First();
        SyntaxTree invalidatingTree = compilation.SyntaxTrees.Last();
        compilation = compilation.ReplaceSyntaxTree(targetTree, CSharpSyntaxTree.ParseText(editedTarget, GeneratorHarness.ParseOptions, targetTree.FilePath));
        Assert.Same(invalidatingTree, compilation.SyntaxTrees.Last());
        GeneratorDriverRunResult rerun = driver.RunGenerators(compilation).GetRunResult();
        string incremental = InvalidationOf(rerun);
        string fresh = InvalidationOf(GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult());

        Assert.True(before != fresh, $"{edit}: the edit should change what UpdateUser does");
        Assert.True(fresh == incremental, $"{edit}: the incremental run wrote\n{incremental}\nbut a fresh run writes\n{fresh}");

        // ForAttributeWithMetadataName hands every transform the new compilation, so UpdateUser is classified again
        // although its own file did not change: its targets are looked up afresh, never taken from an earlier run.
        IncrementalStepRunReason reason = Assert.Single(rerun.Results.Single().TrackedSteps[CachedMethodGenerator.InvalidationsStep].SelectMany(static s => s.Outputs)).Reason;
        Assert.Equal(IncrementalStepRunReason.Modified, reason);
    }

    /// <summary>The file written for UpdateUser (its body or a throwing stub), with its hint name.</summary>
    private static string InvalidationOf(GeneratorDriverRunResult result)
    {
        GeneratedSourceResult source = Assert.Single(result.Results.Single().GeneratedSources, static s => s.HintName.StartsWith("Users.UserService.UpdateUser.", StringComparison.Ordinal));
        return source.HintName + "\n" + source.SourceText;
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
