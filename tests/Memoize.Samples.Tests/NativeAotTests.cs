using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Samples.Tests;

/// <summary>
/// Publishes samples as Native AOT executables the way a user does, and runs them. Each publish builds from scratch
/// in its own artifacts folder, so the analyzers and the AOT compiler see every line, including the generated code.
/// </summary>
public sealed partial class NativeAotTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("memoize-aot-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task QuickStart_publishes_as_native_code_without_trimming_or_AOT_warnings_and_computes_then_hits()
    {
        string executable = await PublishAsync("QuickStart");

        string[] lines = (await RunAsync(executable, "")).Split('\n', StringSplitOptions.TrimEntries);

        string[] calls = lines.Where(l => l.StartsWith("Get", StringComparison.Ordinal)).ToArray();
        Assert.Equal(6, calls.Length);
        Assert.Equal(["computed", "cache hit", "cache hit", "computed", "computed", "cache hit"], calls.Select(c => c.Contains("computed", StringComparison.Ordinal) ? "computed" : c.Contains("cache hit", StringComparison.Ordinal) ? "cache hit" : c));
        Assert.Contains("The expensive code ran 3 times for 6 calls.", lines);
    }

    [Fact]
    public async Task PersistentCli_on_the_SQLite_store_publishes_as_native_code_and_a_second_run_answers_from_the_file()
    {
        string executable = await PublishAsync("PersistentCli");
        string database = Path.Combine(_root, "cache.db");

        string first = await RunAsync(executable, $"\"{database}\" 13195");
        string second = await RunAsync(executable, $"\"{database}\" 13195");

        Assert.Equal("13195 = 5 x 7 x 13 x 29 (computed)", first.Trim());
        Assert.Equal("13195 = 5 x 7 x 13 x 29 (from the cache)", second.Trim());
    }

    /// <summary>
    /// Publishes a sample with Native AOT (its project sets <c>PublishAot</c>) and asserts that no trimming or AOT
    /// warning (IL2xxx, IL3xxx) comes from Memoize's assemblies, the code it generates, or the sample.
    /// </summary>
    /// <returns>The native executable.</returns>
    private async Task<string> PublishAsync(string sample)
    {
        string project = Path.Combine(SampleProcess.RepositoryRoot, "samples", sample, sample + ".csproj");
        string output = Path.Combine(_root, sample);
        // Warnings stay warnings so that all of them are listed; TrimmerSingleWarn=false lists each one, not one per assembly.
        string log = await ProcessRunner.DotnetAsync(
            _root,
            $"publish \"{project}\" -c Release -r {RuntimeInformation.RuntimeIdentifier} --artifacts-path \"{Path.Combine(_root, "artifacts")}\" -o \"{output}\" -p:TreatWarningsAsErrors=false -p:TrimmerSingleWarn=false",
            TimeSpan.FromMinutes(15));

        // A warning names its origin before the project that is being built (" [/path/Sample.csproj]"), which every line ends with.
        string[] ours = log.Split('\n')
            .Select(line => ProjectSuffix().Replace(line.Trim(), ""))
            .Where(warning => TrimOrAotWarning().IsMatch(warning) && (warning.Contains("Memoize", StringComparison.Ordinal) || warning.Contains(sample, StringComparison.Ordinal)))
            .Distinct()
            .ToArray();
        Assert.True(ours.Length == 0, $"Trimming or AOT warnings in Memoize or the sample:\n{string.Join('\n', ours)}");
        string executable = Path.Combine(output, sample);
        Assert.True(File.Exists(executable), $"No native executable at {executable}:\n{log}");
        Assert.False(File.Exists(Path.Combine(output, sample + ".dll")), "The publish produced IL, not native code.");
        return executable;
    }

    private static Task<string> RunAsync(string executable, string arguments)
        => ProcessRunner.RunAsync(executable, Path.GetDirectoryName(executable)!, arguments, TimeSpan.FromSeconds(60));

    [GeneratedRegex(@"warning IL[23]\d{3}")]
    private static partial Regex TrimOrAotWarning();

    [GeneratedRegex(@" \[[^\]]+\.csproj\]$")]
    private static partial Regex ProjectSuffix();
}
