using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Memoize.Analyzers.Tests.Support;

/// <summary>Applies one code fix the way an editor does: in a workspace, through the code action's operations.</summary>
internal static class CodeFixHarness
{
    /// <summary>
    /// Checks that the markup's diagnostics are reported, applies <paramref name="fix"/> to the first of them and returns
    /// the fixed source.
    /// </summary>
    public static async Task<string> ApplyAsync(CodeFixProvider fix, string markup, string? equivalenceKey = null)
    {
        Result before = await Harness.VerifyAsync(markup);
        Markup parsed = Markup.Parse(markup);
        ExpectedDiagnostic target = parsed.Expected.First(e => fix.FixableDiagnosticIds.Contains(e.Id));

        using var workspace = new AdhocWorkspace();
        ProjectId projectId = ProjectId.CreateNewId();
        DocumentId documentId = DocumentId.CreateNewId(projectId);
        Solution solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Create(),
                "User",
                "UserAssembly",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: Harness.ParseOptions,
                metadataReferences: Harness.References))
            .AddDocument(documentId, "User0.cs", SourceText.From(parsed.Source), filePath: "User0.cs");
        Document document = solution.GetDocument(documentId)!;

        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        ImmutableArray<Diagnostic> diagnostics = await Harness.AnalyzeAsync(Harness.Generate(compilation).Output);
        Diagnostic diagnostic = diagnostics.First(d => d.Id == target.Id && d.Location.SourceSpan == target.Span);
        Assert.Contains(before.Diagnostics, d => d.Id == diagnostic.Id && d.Location.SourceSpan == diagnostic.Location.SourceSpan);

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        CodeAction chosen = Assert.Single(actions, a => equivalenceKey is null || a.EquivalenceKey == equivalenceKey);

        ImmutableArray<CodeActionOperation> operations = await chosen.GetOperationsAsync(CancellationToken.None);
        Solution changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        SourceText text = await changed.GetDocument(documentId)!.GetTextAsync();
        return text.ToString();
    }

    /// <summary>Whether a fix is offered at all for the markup's first diagnostic.</summary>
    public static async Task<int> CountOfferedAsync(CodeFixProvider fix, string markup)
    {
        Markup parsed = Markup.Parse(markup);
        ExpectedDiagnostic target = parsed.Expected.First();
        using var workspace = new AdhocWorkspace();
        Document document = workspace.AddProject("User", LanguageNames.CSharp)
            .AddMetadataReferences(Harness.References)
            .AddDocument("User0.cs", parsed.Source);
        Diagnostic diagnostic = Diagnostic.Create(
            DiagnosticDescriptors.All.Single(d => d.Id == target.Id),
            Location.Create((await document.GetSyntaxTreeAsync())!, target.Span));
        int count = 0;
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (_, _) => count++, CancellationToken.None));
        return count;
    }
}
