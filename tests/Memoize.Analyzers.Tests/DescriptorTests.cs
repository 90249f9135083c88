using System;
using System.IO;
using System.Linq;
using Memoize.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace Memoize.Analyzers.Tests;

/// <summary>Every id is documented, tracked for release, and every problem the classifier can find has an id.</summary>
public sealed class DescriptorTests
{
    [Fact]
    public void Every_problem_kind_has_a_diagnostic()
    {
        ProblemKind[] unmapped = Enum.GetValues<ProblemKind>().Where(k => DiagnosticDescriptors.For(k) is null).ToArray();

        Assert.Empty(unmapped);
    }

    [Fact]
    public void Ids_are_unique_and_the_analyzer_supports_them_all()
    {
        Assert.Equal(DiagnosticDescriptors.All.Length, DiagnosticDescriptors.All.Select(d => d.Id).Distinct().Count());
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id), new CachedMethodAnalyzer().SupportedDiagnostics.Select(d => d.Id));
        Assert.All(DiagnosticDescriptors.All, d => Assert.Matches("^MEMO0[0-9][0-9]$", d.Id));
    }

    [Fact]
    public void Every_id_links_to_its_help_page_which_exists()
    {
        Assert.All(DiagnosticDescriptors.All, d =>
        {
            Assert.EndsWith("/docs/diagnostics/" + d.Id + ".md", d.HelpLinkUri, StringComparison.Ordinal);
            string page = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", d.Id + ".md"));
            Assert.StartsWith("# " + d.Id + ": " + d.Title, page, StringComparison.Ordinal);
            Assert.Contains("dotnet_diagnostic." + d.Id + ".severity", page, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_id_is_tracked_for_release_with_its_severity()
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Releases", "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Releases", "AnalyzerReleases.Shipped.md")))
            .ToArray();

        Assert.All(DiagnosticDescriptors.All, d => Assert.Contains(
            $"{d.Id} | Memoize | {d.DefaultSeverity} | {d.Title}",
            lines));
    }

    [Fact]
    public void Errors_are_errors_warnings_are_warnings()
    {
        Assert.All(DiagnosticDescriptors.All, d =>
        {
            int number = int.Parse(d.Id.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
            DiagnosticSeverity expected = number < 20 ? DiagnosticSeverity.Error : number < 25 ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info;
            Assert.Equal(expected, d.DefaultSeverity);
            Assert.True(d.IsEnabledByDefault);
        });
    }

    [Fact]
    public void The_ids_named_by_generated_stubs_are_the_descriptors_ids()
    {
        foreach (Memoize.Generator.Parsing.ProblemKind kind in System.Enum.GetValues<Memoize.Generator.Parsing.ProblemKind>())
        {
            Assert.Equal(DiagnosticDescriptors.For(kind)?.Id, Memoize.Generator.Parsing.ProblemIds.Of(kind));
        }
    }
}
