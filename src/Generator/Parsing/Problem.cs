using Microsoft.CodeAnalysis;

namespace Memoize.Generator.Parsing;

/// <summary>One reason a cached method cannot be generated, at the place the user must change.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Location">Where (the parameter, attribute argument or method name).</param>
/// <param name="MessageArgs">The values the diagnostic message names.</param>
internal sealed record Problem(ProblemKind Kind, Location? Location, params string[] MessageArgs);
