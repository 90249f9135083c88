using System.Collections.Generic;
using Memoize.Generator.Emit;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;

namespace Memoize.Generator;

/// <summary>
/// The pipeline step that lists every generated memoized method of the assembly in one file (see
/// <see cref="ManifestEmitter"/>). Each method contributes only what the manifest shows, so editing anything else
/// of a method leaves the manifest cached.
/// </summary>
internal static class ManifestStep
{
    /// <summary>Tracking name of the step that turns specs into manifest entries.</summary>
    public const string EntriesStep = "ManifestEntries";

    /// <summary>Tracking name of the step that gathers the entries of the assembly.</summary>
    public const string ManifestStepName = "Manifest";

    public const string HintName = "Memoize.CacheManifest.g.cs";

    public static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<CachedMethodSpec> generatable)
    {
        IncrementalValueProvider<EquatableArray<ManifestEntrySpec>> manifest = generatable
            .Select(static (spec, _) => ToEntry(spec))
            .WithTrackingName(EntriesStep)
            .Collect()
            .Select(static (entries, _) => entries.ToEquatableArray())
            .WithTrackingName(ManifestStepName);
        context.RegisterSourceOutput(manifest, static (output, entries) =>
        {
            if (entries.Count > 0)
            {
                output.AddSource(HintName, ManifestEmitter.Emit(entries));
            }
        });
    }

    private static ManifestEntrySpec ToEntry(CachedMethodSpec spec)
    {
        var typeParameters = new string[spec.TypeParameters.Count];
        for (int i = 0; i < typeParameters.Length; i++)
        {
            typeParameters[i] = spec.TypeParameters[i].Name;
        }

        var segments = new List<KeySegmentSpec>();
        foreach (ParameterSpec parameter in spec.Parameters)
        {
            if (parameter.Role == ParameterRole.Key)
            {
                segments.Add(new KeySegmentSpec(parameter.Name, parameter.Sensitive));
            }
        }

        return new ManifestEntrySpec(
            spec.Namespace,
            spec.ContainingTypes,
            spec.Name,
            new EquatableArray<string>(typeParameters),
            spec.KeyPrefix,
            new EquatableArray<KeySegmentSpec>(segments.ToArray()),
            spec.Store,
            spec.TtlSeconds,
            spec.Sliding);
    }
}
