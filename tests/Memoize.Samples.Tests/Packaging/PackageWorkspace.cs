using System;
using System.IO;
using System.Threading.Tasks;

namespace Memoize.Samples.Tests.Packaging;

/// <summary>
/// A temporary folder where Memoize's packages are packed and a sample is built from a copy, outside the repository,
/// so none of its build files, central versions or project references apply: the way a user consumes the packages.
/// </summary>
internal sealed class PackageWorkspace : IDisposable
{
    public PackageWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("memoize-pack-").FullName;
        Packages = Path.Combine(Root, "packages");
    }

    public string Root { get; }

    /// <summary>Where the packed .nupkg files are.</summary>
    public string Packages { get; }

    /// <summary>A private package folder: the packed 0.1.0 never lands in (or is read from) the machine's global one.</summary>
    public string RestoreFolder => Path.Combine(Root, "nuget-packages");

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>Packs the projects (paths relative to the repository) in Release into <see cref="Packages"/>.</summary>
    public async Task PackAsync(params string[] projects)
    {
        foreach (string project in projects)
        {
            await ProcessRunner.DotnetAsync(SampleProcess.RepositoryRoot, $"pack \"{Path.Combine(SampleProcess.RepositoryRoot, project)}\" -c Release -o \"{Packages}\" -p:ContinuousIntegrationBuild=true");
        }
    }

    /// <summary>
    /// Copies samples/<paramref name="sample"/> into the workspace with a NuGet.config that takes Memoize packages from
    /// <see cref="Packages"/> only and everything else from nuget.org; returns the copy's folder.
    /// </summary>
    public string CopySample(string sample, params string[] files)
    {
        string folder = Path.Combine(Root, sample);
        Directory.CreateDirectory(folder);
        foreach (string file in files)
        {
            File.Copy(Path.Combine(SampleProcess.RepositoryRoot, "samples", sample, file), Path.Combine(folder, file));
        }

        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Packages}" />
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
        return folder;
    }
}
