using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Memoize.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Memoize.Generator.Parsing;

/// <summary>
/// Reads the resilience options of a <c>[Cached]</c> application (fail-safe, timeouts, eager refresh, jitter) and
/// finds the values the runtime would reject or could not honour. The generator emits the options it reads; the
/// analyzers report the problems; both call this class.
/// </summary>
internal static class ResilienceParser
{
    public const string FailSafeMinutes = nameof(FailSafeMinutes);
    public const string FailSafeThrottleSeconds = nameof(FailSafeThrottleSeconds);
    public const string SoftTimeoutMilliseconds = nameof(SoftTimeoutMilliseconds);
    public const string HardTimeoutMilliseconds = nameof(HardTimeoutMilliseconds);
    public const string EagerRefresh = nameof(EagerRefresh);
    public const string JitterSeconds = nameof(JitterSeconds);

    /// <summary>
    /// The options the attribute sets, or <see langword="null"/> when it sets none; adds a problem for each value out
    /// of range, for a soft timeout not shorter than the hard one, and for a timeout on a method that returns its
    /// result directly (<paramref name="returnKind"/>; <see langword="null"/> when the return type is already a problem).
    /// </summary>
    public static ResilienceSpec? Parse(IMethodSymbol method, AttributeData attribute, ReturnKind? returnKind, List<Problem> problems, CancellationToken cancellationToken)
    {
        int? failSafeMinutes = null;
        int? failSafeThrottleSeconds = null;
        int? softTimeout = null;
        int? hardTimeout = null;
        double? eagerRefresh = null;
        int? jitterSeconds = null;
        bool any = false;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            object? value = argument.Value.Value;
            switch (argument.Key)
            {
                case FailSafeMinutes when value is int number:
                    failSafeMinutes = number;
                    break;
                case FailSafeThrottleSeconds when value is int number:
                    failSafeThrottleSeconds = number;
                    break;
                case SoftTimeoutMilliseconds when value is int number:
                    softTimeout = number;
                    break;
                case HardTimeoutMilliseconds when value is int number:
                    hardTimeout = number;
                    break;
                case EagerRefresh when value is double fraction:
                    eagerRefresh = fraction;
                    break;
                case JitterSeconds when value is int number:
                    jitterSeconds = number;
                    break;
                default:
                    continue;
            }

            any = true;
        }

        if (!any)
        {
            return null;
        }

        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        CheckAtLeast(FailSafeMinutes, failSafeMinutes, 0, "0 (off) or a positive number of minutes");
        CheckAtLeast(FailSafeThrottleSeconds, failSafeThrottleSeconds, 1, "a positive number of seconds (the default is 30)");
        CheckAtLeast(SoftTimeoutMilliseconds, softTimeout, 0, "0 (none) or a positive number of milliseconds");
        CheckAtLeast(HardTimeoutMilliseconds, hardTimeout, 0, "0 (no limit) or a positive number of milliseconds");
        CheckAtLeast(JitterSeconds, jitterSeconds, 0, "0 (none) or a positive number of seconds");
        if (eagerRefresh is { } refresh && refresh != 0 && !(refresh > 0 && refresh < 1))
        {
            // NaN fails both comparisons, so it is reported here too.
            problems.Add(new Problem(ProblemKind.ResilienceOptionOutOfRange, Where(EagerRefresh), EagerRefresh, Format(refresh), method.Name, "0 (off) or a fraction of the time to live strictly between 0 and 1, such as 0.8"));
        }

        if (softTimeout > 0 && hardTimeout > 0 && softTimeout >= hardTimeout)
        {
            problems.Add(new Problem(ProblemKind.SoftTimeoutNotShorterThanHard, Where(SoftTimeoutMilliseconds), Format(softTimeout.Value), Format(hardTimeout.Value), method.Name));
        }

        if (returnKind == ReturnKind.Value)
        {
            CheckAsynchronous(SoftTimeoutMilliseconds, softTimeout);
            CheckAsynchronous(HardTimeoutMilliseconds, hardTimeout);
        }

        return new ResilienceSpec(failSafeMinutes, failSafeThrottleSeconds, softTimeout, hardTimeout, eagerRefresh, jitterSeconds);

        void CheckAtLeast(string name, int? value, int minimum, string allowed)
        {
            if (value < minimum)
            {
                problems.Add(new Problem(ProblemKind.ResilienceOptionOutOfRange, Where(name), name, Format(value.Value), method.Name, allowed));
            }
        }

        void CheckAsynchronous(string name, int? value)
        {
            if (value > 0)
            {
                problems.Add(new Problem(ProblemKind.TimeoutOnSynchronousMethod, Where(name), name, Format(value.Value), method.Name, method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            }
        }

        Location? Where(string name) => CachedAttributeOptions.ArgumentLocation(syntax, name) ?? syntax?.GetLocation();
    }

    /// <summary>A value as the user wrote it, in invariant culture.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A fraction in invariant culture, round-trippable.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
