using System.Collections.Immutable;

namespace Memoize.Generator.Parsing;

/// <summary>The outcome of parsing one attributed method: a spec to generate, or the problems that prevent it.</summary>
/// <param name="Spec">The spec, or <see langword="null"/> when there is any problem.</param>
/// <param name="Problems">Why the method cannot be generated, for the analyzers to report.</param>
internal sealed record ParseResult<TSpec>(TSpec? Spec, ImmutableArray<Problem> Problems)
    where TSpec : class;
