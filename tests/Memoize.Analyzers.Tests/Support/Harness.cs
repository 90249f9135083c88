using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Memoize.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Memoize.Analyzers.Tests.Support;

/// <summary>
/// Compiles test sources the way a user's build does: the generator runs first, then the analyzers see the
/// compilation that includes its output.
/// </summary>
internal static class Harness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static CSharpCompilation Compile(params string[] sources)
        => CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"User{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>Runs the generator; returns the compilation with its output and the generated sources.</summary>
    public static (Compilation Output, ImmutableArray<GeneratedSourceResult> Generated) Generate(Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new CachedMethodGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        return (output, driver.GetRunResult().Results.Single().GeneratedSources);
    }

    /// <summary>The Memoize diagnostics of <paramref name="compilation"/>; fails on any analyzer exception.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CachedMethodAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        return diagnostics;
    }

    /// <summary>Generates, analyzes and checks the Memoize diagnostics against the markup, id and span exactly.</summary>
    public static async Task<Result> VerifyAsync(string markup, params string[] otherSources)
    {
        Markup parsed = Markup.Parse(markup);
        (Compilation output, ImmutableArray<GeneratedSourceResult> generated) = Generate(Compile(new[] { parsed.Source }.Concat(otherSources).ToArray()));
        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(output);
        string[] actual = diagnostics
            .Where(d => d.Location.SourceTree?.FilePath == "User0.cs")
            .Select(d => new ExpectedDiagnostic(d.Id, d.Location.SourceSpan).ToString())
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToArray();
        string[] expected = parsed.Expected.Select(e => e.ToString()).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        Assert.True(expected.SequenceEqual(actual), $"Expected [{string.Join(", ", expected)}] but got [{string.Join(", ", actual)}]:\n{string.Join("\n", diagnostics)}");
        Assert.DoesNotContain(diagnostics, d => d.Location.SourceTree?.FilePath != "User0.cs" && d.Id.StartsWith("MEMO", StringComparison.Ordinal) && d.Location.IsInSource);
        return new Result(output, generated, diagnostics);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
        {
            paths.Add(path);
        }

        paths.Add(typeof(CachedAttribute).Assembly.Location);
        return paths.Where(p => !p.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal) && !p.Contains("xunit", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}

/// <summary>What one verified compilation produced.</summary>
internal sealed record Result(Compilation Output, ImmutableArray<GeneratedSourceResult> Generated, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>The compiler's own errors, after generation.</summary>
    public IEnumerable<Diagnostic> CompilerErrors => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Whether the generator wrote a body for a method of this name.</summary>
    public bool GeneratedMethod(string name)
        => Generated.Any(g => g.HintName.EndsWith("." + name + ".g.cs", StringComparison.Ordinal) || g.HintName.Contains("." + name + "_", StringComparison.Ordinal));
}
