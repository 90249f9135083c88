using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Memoize.Analyzers.Tests;

/// <summary>
/// The generator, the analyzers and the code fixes load in the compiler of the .NET 8 SDK (Roslyn 4.8). A reference to
/// a newer Microsoft.CodeAnalysis makes that compiler skip the assembly with warning CS9057, so no cached method gets
/// its body; a newer System.Collections.Immutable or System.Reflection.Metadata than Roslyn 4.8 carries fails to load
/// in Visual Studio 17.8.
/// </summary>
public sealed class RoslynVersionTests
{
    private static readonly Version Roslyn48 = new(4, 8, 0, 0);

    private static readonly Version CompilerCollections = new(7, 0, 0, 0);

    [Theory]
    [InlineData("Memoize.Generator")]
    [InlineData("Memoize.Analyzers")]
    [InlineData("Memoize.Analyzers.CodeFixes")]
    public void Loads_in_the_compiler_of_the_NET_8_SDK(string assemblyName)
    {
        Dictionary<string, Version> references = ReferencesOf(assemblyName);

        Assert.True(references.ContainsKey("Microsoft.CodeAnalysis"), $"{assemblyName} references no Microsoft.CodeAnalysis: {string.Join(", ", references.Keys)}");
        Assert.All(references, reference =>
        {
            Version? newest = reference.Key.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ? Roslyn48
                : reference.Key is "System.Collections.Immutable" or "System.Reflection.Metadata" ? CompilerCollections
                : null;
            Assert.True(newest is null || reference.Value <= newest, $"{assemblyName} references {reference.Key} {reference.Value}, newer than the {newest} that Roslyn 4.8 has.");
        });
    }

    /// <summary>The assembly references of the built file, read from its metadata without loading it.</summary>
    private static Dictionary<string, Version> ReferencesOf(string assemblyName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        using FileStream file = File.OpenRead(path);
        using var pe = new PEReader(file);
        MetadataReader metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences
            .Select(metadata.GetAssemblyReference)
            .ToDictionary(reference => metadata.GetString(reference.Name), reference => reference.Version, StringComparer.Ordinal);
    }
}
