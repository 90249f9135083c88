using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Memoize.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Memoize.Benchmarks.Generator;

/// <summary>
/// The generator over a project with 1,000 cached methods (50 files of 20 methods, mixed return kinds): a full
/// run on a fresh compilation, as in a clean build, and a rerun after an edit of an unrelated method body, as in
/// the IDE.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class GeneratorBenchmarks
{
    private const int Files = 50;
    private const int MethodsPerFile = 20;

    private SyntaxTree[] _trees = [];
    private MetadataReference[] _references = [];
    private CSharpParseOptions _parseOptions = CSharpParseOptions.Default;
    private GeneratorDriver _warmDriver = null!;
    private CSharpCompilation _warmCompilation = null!;
    private CSharpCompilation _editedCompilation = null!;

    /// <summary>How many cached methods the synthetic project declares.</summary>
    public static int MethodCount => Files * MethodsPerFile;

    [GlobalSetup]
    public void Setup()
    {
        _parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        _trees = Enumerable.Range(0, Files)
            .Select(file => CSharpSyntaxTree.ParseText(SourceOf(file, bodyEdit: 0), _parseOptions, path: $"Service{file}.cs"))
            .ToArray();
        _references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(static path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(CachedAttribute).Assembly.Location)
            .Select(static path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();

        _warmCompilation = NewCompilation(_trees);
        _warmDriver = NewDriver().RunGenerators(_warmCompilation);
        // One file per cached method, and the assembly's cache manifest.
        int generated = _warmDriver.GetRunResult().GeneratedTrees.Length;
        if (generated != MethodCount + 1)
        {
            throw new InvalidOperationException($"Expected {MethodCount + 1} generated files, got {generated}.");
        }

        SyntaxTree edited = _trees[0].WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(SourceOf(0, bodyEdit: 1)));
        _editedCompilation = _warmCompilation.ReplaceSyntaxTree(_trees[0], edited);
    }

    [Benchmark(Description = "1,000 cached methods: full run on a fresh compilation")]
    public int FullRun()
        => NewDriver().RunGenerators(NewCompilation(_trees)).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "1,000 cached methods: rerun after an unrelated body edit")]
    public int RerunAfterBodyEdit()
        => _warmDriver.RunGenerators(_editedCompilation).GetRunResult().GeneratedTrees.Length;

    private CSharpCompilation NewCompilation(IEnumerable<SyntaxTree> trees)
        => CSharpCompilation.Create("Synthetic", trees, _references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private GeneratorDriver NewDriver()
        => CSharpGeneratorDriver.Create([new CachedMethodGenerator().AsSourceGenerator()], parseOptions: _parseOptions, driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private static string SourceOf(int file, int bodyEdit)
    {
        var source = new StringBuilder();
        source.AppendLine("using System; using System.Threading; using System.Threading.Tasks; using Memoize;");
        source.AppendLine(CultureInfo.InvariantCulture, $"namespace Synthetic.Area{file % 5};");
        source.AppendLine(CultureInfo.InvariantCulture, $"public partial class Service{file}");
        source.AppendLine("{");
        source.AppendLine(CultureInfo.InvariantCulture, $"    public int Unrelated() => {bodyEdit};");
        for (int i = 0; i < MethodsPerFile; i++)
        {
            switch (i % 4)
            {
                case 0:
                    source.AppendLine(CultureInfo.InvariantCulture, $"    [Cached(Minutes = 5)] public partial int Get{i}(int id, string name);");
                    source.AppendLine(CultureInfo.InvariantCulture, $"    private int Get{i}Core(int id, string name) => id + name.Length;");
                    break;
                case 1:
                    source.AppendLine(CultureInfo.InvariantCulture, $"    [Cached(KeyPrefix = \"k{file}.{i}\")] public partial Task<string> Get{i}Async(Guid id, CancellationToken cancellationToken);");
                    source.AppendLine(CultureInfo.InvariantCulture, $"    private Task<string> Get{i}AsyncCore(Guid id, CancellationToken cancellationToken) => Task.FromResult(id.ToString());");
                    break;
                case 2:
                    source.AppendLine(CultureInfo.InvariantCulture, $"    [Cached(Seconds = 30)] public partial ValueTask<long> Get{i}Async(DateTime at, DayOfWeek day);");
                    source.AppendLine(CultureInfo.InvariantCulture, $"    private ValueTask<long> Get{i}AsyncCore(DateTime at, DayOfWeek day) => new(at.Ticks + (int)day);");
                    break;
                default:
                    source.AppendLine(CultureInfo.InvariantCulture, $"    [Cached] public static partial decimal Get{i}(long a, int? b, bool c);");
                    source.AppendLine(CultureInfo.InvariantCulture, $"    private static decimal Get{i}Core(long a, int? b, bool c) => a + (b ?? 0) + (c ? 1 : 0);");
                    break;
            }
        }

        source.AppendLine("}");
        return source.ToString();
    }
}
