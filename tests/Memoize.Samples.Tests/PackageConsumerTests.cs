using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Memoize.Samples.Tests;

/// <summary>Packs Memoize, Memoize.Sqlite and Memoize.Redis, then builds and runs samples/PackageConsumer from those packages alone.</summary>
public sealed class PackageConsumerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("memoize-pack-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_packages_build_and_run_the_consumer_sample_on_their_own()
    {
        string packages = Path.Combine(_root, "packages");
        string repository = SampleProcess.RepositoryRoot;
        foreach (string project in new[] { "src/Runtime/Memoize.csproj", "src/Sqlite/Memoize.Sqlite.csproj", "src/Redis/Memoize.Redis.csproj" })
        {
            await Dotnet.RunAsync(repository, $"pack \"{Path.Combine(repository, project)}\" -c Release -o \"{packages}\" -p:ContinuousIntegrationBuild=true");
        }

        using (ZipArchive runtime = ZipFile.OpenRead(Path.Combine(packages, "Memoize.0.1.0.nupkg")))
        {
            string[] files = runtime.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("lib/net10.0/Memoize.dll", files);
            Assert.Contains("lib/net10.0/Memoize.xml", files);
            Assert.Contains("analyzers/dotnet/cs/Memoize.Generator.dll", files);
            Assert.Contains("analyzers/dotnet/cs/Memoize.Analyzers.dll", files);
            Assert.Contains("README.md", files);
            using var nuspec = new StreamReader(runtime.GetEntry("Memoize.nuspec")!.Open());
            string metadata = await nuspec.ReadToEndAsync();
            Assert.Contains("<license type=\"expression\">MIT</license>", metadata, StringComparison.Ordinal);
            Assert.Contains("<repository type=\"git\"", metadata, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(packages, "Memoize.Sqlite.0.1.0.nupkg")));
        Assert.True(File.Exists(Path.Combine(packages, "Memoize.Redis.0.1.0.nupkg")));

        // A copy outside the repository, so none of its build files, central versions or project references apply.
        string consumer = Path.Combine(_root, "consumer");
        Directory.CreateDirectory(consumer);
        foreach (string file in new[] { "PackageConsumer.csproj", "Program.cs" })
        {
            File.Copy(Path.Combine(repository, "samples", "PackageConsumer", file), Path.Combine(consumer, file));
        }

        File.WriteAllText(Path.Combine(consumer, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="Memoize" />
                  <package pattern="Memoize.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        // A private package folder: the packed 0.1.0 never lands in (or is read from) the machine's global one.
        string output = await Dotnet.RunAsync(consumer, $"run -c Release -p:RestorePackagesPath=\"{Path.Combine(_root, "nuget-packages")}\"");

        Assert.Matches(@"^Hello, package; computed 1 time\(s\); manifest greeting(@[0-9a-f]{8})?:\{name\}$", output.Trim().Split('\n').Last().Trim());
        Assert.True(Directory.Exists(Path.Combine(_root, "nuget-packages", "memoize", "0.1.0")));
    }
}
