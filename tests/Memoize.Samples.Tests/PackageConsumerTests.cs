using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;

using Memoize.Samples.Tests.Packaging;

namespace Memoize.Samples.Tests;

/// <summary>
/// Packs Memoize, Memoize.Sqlite and Memoize.Redis, then builds samples/PackageConsumer from those packages alone:
/// published self-contained on the .NET 8 runtime pack from NuGet and run, then run on .NET 10 against the same
/// SQLite file.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly string[] PackedProjects = ["src/Runtime/Memoize.csproj", "src/Sqlite/Memoize.Sqlite.csproj", "src/Redis/Memoize.Redis.csproj"];

    private static readonly string[] SupportedFrameworks = ["net8.0", "net10.0"];

    private readonly PackageWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task The_packages_alone_build_a_self_contained_NET_8_app_and_a_NET_10_app_that_share_the_cache()
    {
        string packages = _workspace.Packages;
        await _workspace.PackAsync(PackedProjects);

        foreach (string package in new[] { "Memoize", "Memoize.Sqlite", "Memoize.Redis" })
        {
            using ZipArchive archive = ZipFile.OpenRead(Path.Combine(packages, $"{package}.0.1.0.nupkg"));
            string[] files = archive.Entries.Select(e => e.FullName).ToArray();
            foreach (string framework in SupportedFrameworks)
            {
                Assert.Contains($"lib/{framework}/{package}.dll", files);
                Assert.Contains($"lib/{framework}/{package}.xml", files);
            }

            Assert.Contains("README.md", files);
            using var nuspec = new StreamReader(archive.GetEntry($"{package}.nuspec")!.Open());
            string metadata = await nuspec.ReadToEndAsync();
            Assert.Contains("<license type=\"expression\">MIT</license>", metadata, StringComparison.Ordinal);
            Assert.Contains("<repository type=\"git\"", metadata, StringComparison.Ordinal);
            Assert.All(SupportedFrameworks, framework => Assert.Contains($"<group targetFramework=\"{framework}\"", metadata, StringComparison.Ordinal));
        }

        using (ZipArchive runtime = ZipFile.OpenRead(Path.Combine(packages, "Memoize.0.1.0.nupkg")))
        {
            string[] files = runtime.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("analyzers/dotnet/cs/Memoize.Generator.dll", files);
            Assert.Contains("analyzers/dotnet/cs/Memoize.Analyzers.dll", files);
            Assert.Contains("analyzers/dotnet/cs/Memoize.Analyzers.CodeFixes.dll", files);
        }

        // A copy outside the repository, so none of its build files, central versions or project references apply.
        string consumer = _workspace.CopySample("PackageConsumer", "PackageConsumer.csproj", "Program.cs");

        // A private package folder: the packed 0.1.0 never lands in (or is read from) the machine's global one.
        string restore = $"-p:RestorePackagesPath=\"{_workspace.RestoreFolder}\"";
        string database = Path.Combine(_workspace.Root, "cache.db");

        // .NET 8: the runtime comes from the runtime pack the SDK picks, not from the machine (which has only .NET 10).
        string published = Path.Combine(_workspace.Root, "published-net8.0");
        await ProcessRunner.DotnetAsync(consumer, $"publish -f net8.0 -r linux-x64 --self-contained -c Release -o \"{published}\" {restore}");
        Assert.True(File.Exists(Path.Combine(published, "libcoreclr.so")), "the .NET 8 app was not published self-contained");
        string[] onNet8 = Lines(await ProcessRunner.RunAsync(Path.Combine(published, "PackageConsumer"), _workspace.Root, $"\"{database}\"", TimeSpan.FromMinutes(1)));

        Assert.Matches(@"^runtime 8\.0\.\d+$", Line(onNet8, "runtime "));
        Assert.Equal("memory: Hello, package; computed 1 of 3 calls", Line(onNet8, "memory: "));
        Assert.Equal("sqlite: Hello, package; computed 1 of 3 calls", Line(onNet8, "sqlite: "));
        Assert.Matches(@"^manifest greeting(@[0-9a-f]{8})?:\{name\} stored-greeting(@[0-9a-f]{8})?:\{#name\}$", Line(onNet8, "manifest "));

        // .NET 10, same SQLite file: a fresh memory store computes once, the SQLite entries the .NET 8 app wrote are hits
        // (their keys hold a hash of the argument, so both frameworks must hash and format it alike).
        string[] onNet10 = Lines(await ProcessRunner.DotnetAsync(consumer, $"run -f net10.0 -c Release {restore} -- \"{database}\""));

        Assert.Matches(@"^runtime 10\.0\.\d+$", Line(onNet10, "runtime "));
        Assert.Equal("memory: Hello, package; computed 1 of 3 calls", Line(onNet10, "memory: "));
        Assert.Equal("sqlite: Hello, package; computed 0 of 3 calls", Line(onNet10, "sqlite: "));
        Assert.True(Directory.Exists(Path.Combine(_workspace.RestoreFolder, "memoize", "0.1.0")));
    }

    private static string[] Lines(string output) => output.Split('\n').Select(line => line.Trim()).ToArray();

    private static string Line(string[] lines, string prefix)
        => lines.LastOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No line starts with '{prefix}' in:\n{string.Join('\n', lines)}");
}
