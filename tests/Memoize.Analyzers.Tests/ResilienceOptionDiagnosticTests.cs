using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Memoize.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Memoize.Analyzers.Tests;

/// <summary>
/// The resilience options of <c>[Cached]</c> at and around every boundary: MEMO017 (out of range), MEMO018 (soft timeout
/// not shorter than the hard one), MEMO019 (timeout on a synchronous method) and MEMO026 (soft timeout without
/// fail-safe), each at the argument that is wrong. A method with an error is not generated; one with only MEMO026 is.
/// </summary>
public sealed class ResilienceOptionDiagnosticTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using Memoize;\nnamespace Demo;\n";

    private const string Async = "public partial Task<int> Get(int id); private Task<int> GetCore(int id) => Task.FromResult(id);";

    private const string ValueTaskMethod = "public partial ValueTask<int> Get(int id); private ValueTask<int> GetCore(int id) => new(id);";

    private const string Sync = "public partial int Get(int id); private int GetCore(int id) => id;";

    /// <summary>Name, then the attribute with markup, then the method it is on.</summary>
    public static TheoryData<string, string, string> Cases() => new()
    {
        // MEMO017: each option's lower bound, and EagerRefresh's open interval.
        { "FailSafeMinutes -1", "[Cached({|MEMO017:FailSafeMinutes = -1|})]", Async },
        { "FailSafeMinutes 0 is off", "[Cached(FailSafeMinutes = 0)]", Async },
        { "FailSafeMinutes 1", "[Cached(FailSafeMinutes = 1)]", Async },
        { "FailSafeMinutes int.MaxValue", "[Cached(FailSafeMinutes = int.MaxValue)]", Async },
        { "FailSafeThrottleSeconds 0", "[Cached(FailSafeMinutes = 10, {|MEMO017:FailSafeThrottleSeconds = 0|})]", Async },
        { "FailSafeThrottleSeconds -30", "[Cached({|MEMO017:FailSafeThrottleSeconds = -30|})]", Async },
        { "FailSafeThrottleSeconds 1", "[Cached(FailSafeMinutes = 10, FailSafeThrottleSeconds = 1)]", Async },
        { "SoftTimeoutMilliseconds -1", "[Cached(FailSafeMinutes = 10, {|MEMO017:SoftTimeoutMilliseconds = -1|})]", Async },
        { "SoftTimeoutMilliseconds 0 is none", "[Cached(SoftTimeoutMilliseconds = 0)]", Async },
        { "SoftTimeoutMilliseconds 1", "[Cached(FailSafeMinutes = 10, SoftTimeoutMilliseconds = 1)]", Async },
        { "HardTimeoutMilliseconds -1", "[Cached({|MEMO017:HardTimeoutMilliseconds = -1|})]", Async },
        { "HardTimeoutMilliseconds 0 is no limit", "[Cached(HardTimeoutMilliseconds = 0)]", Async },
        { "HardTimeoutMilliseconds 1", "[Cached(HardTimeoutMilliseconds = 1)]", Async },
        { "JitterSeconds -1", "[Cached({|MEMO017:JitterSeconds = -1|})]", Sync },
        { "JitterSeconds 0", "[Cached(JitterSeconds = 0)]", Sync },
        { "JitterSeconds 1", "[Cached(JitterSeconds = 1)]", Sync },
        { "EagerRefresh -0.1", "[Cached({|MEMO017:EagerRefresh = -0.1|})]", Sync },
        { "EagerRefresh 0 is off", "[Cached(EagerRefresh = 0)]", Sync },
        { "EagerRefresh just above 0", "[Cached(EagerRefresh = double.Epsilon)]", Sync },
        { "EagerRefresh 0.8", "[Cached(EagerRefresh = 0.8)]", Sync },
        { "EagerRefresh just below 1", "[Cached(EagerRefresh = 0.9999999999999999)]", Sync },
        { "EagerRefresh 1", "[Cached({|MEMO017:EagerRefresh = 1|})]", Sync },
        { "EagerRefresh 80 meant as a percentage", "[Cached({|MEMO017:EagerRefresh = 80|})]", Sync },
        { "EagerRefresh NaN", "[Cached({|MEMO017:EagerRefresh = double.NaN|})]", Sync },
        { "EagerRefresh infinity", "[Cached({|MEMO017:EagerRefresh = double.PositiveInfinity|})]", Sync },
        { "each wrong option at its own argument", "[Cached(Minutes = 5, {|MEMO017:FailSafeMinutes = -1|}, {|MEMO017:JitterSeconds = -2|}, EagerRefresh = 0.5)]", Sync },

        // MEMO018: both set, soft not below hard.
        { "soft equal to hard", "[Cached(FailSafeMinutes = 10, {|MEMO018:SoftTimeoutMilliseconds = 500|}, HardTimeoutMilliseconds = 500)]", Async },
        { "soft above hard", "[Cached(FailSafeMinutes = 10, HardTimeoutMilliseconds = 500, {|MEMO018:SoftTimeoutMilliseconds = 2000|})]", Async },
        { "soft just below hard", "[Cached(FailSafeMinutes = 10, SoftTimeoutMilliseconds = 499, HardTimeoutMilliseconds = 500)]", Async },
        { "soft without hard", "[Cached(FailSafeMinutes = 10, SoftTimeoutMilliseconds = 500, HardTimeoutMilliseconds = 0)]", Async },
        { "hard without soft", "[Cached(SoftTimeoutMilliseconds = 0, HardTimeoutMilliseconds = 500)]", Async },
        { "a negative soft is only out of range", "[Cached({|MEMO017:SoftTimeoutMilliseconds = -5|}, HardTimeoutMilliseconds = 500)]", Async },

        // MEMO019: a timeout on a method that returns its result directly; not on Task or ValueTask, not when 0.
        { "soft timeout on a sync method", "[Cached(FailSafeMinutes = 10, {|MEMO019:SoftTimeoutMilliseconds = 100|})]", Sync },
        { "hard timeout on a sync method", "[Cached({|MEMO019:HardTimeoutMilliseconds = 100|})]", Sync },
        { "both timeouts on a sync method", "[Cached(FailSafeMinutes = 10, {|MEMO019:SoftTimeoutMilliseconds = 100|}, {|MEMO019:HardTimeoutMilliseconds = 1000|})]", Sync },
        { "timeouts of 0 on a sync method", "[Cached(FailSafeMinutes = 10, SoftTimeoutMilliseconds = 0, HardTimeoutMilliseconds = 0, EagerRefresh = 0.5, JitterSeconds = 3)]", Sync },
        { "timeouts on a ValueTask method", "[Cached(FailSafeMinutes = 10, SoftTimeoutMilliseconds = 100, HardTimeoutMilliseconds = 1000)]", ValueTaskMethod },
        { "a sync method with both MEMO018 and MEMO019", "[Cached(FailSafeMinutes = 10, {|MEMO018:{|MEMO019:SoftTimeoutMilliseconds = 1000|}|}, {|MEMO019:HardTimeoutMilliseconds = 100|})]", Sync },

        // MEMO026: a soft timeout the attribute gives nothing to fall back on.
        { "soft timeout without FailSafeMinutes", "[Cached(Minutes = 5, {|MEMO026:SoftTimeoutMilliseconds = 200|})]", Async },
        { "soft timeout with FailSafeMinutes 0", "[Cached(FailSafeMinutes = 0, {|MEMO026:SoftTimeoutMilliseconds = 200|}, HardTimeoutMilliseconds = 1000)]", Async },
        { "soft timeout with FailSafeMinutes 1", "[Cached(FailSafeMinutes = 1, SoftTimeoutMilliseconds = 200)]", Async },
        { "fail-safe without soft timeout", "[Cached(FailSafeMinutes = 30, FailSafeThrottleSeconds = 10, HardTimeoutMilliseconds = 1000)]", Async },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reports_exactly_the_marked_arguments_and_generates_only_methods_without_errors(string name, string attribute, string method)
    {
        Result result = await Harness.VerifyAsync(Usings + "public partial class Service\n{\n    " + attribute + "\n    " + method + "\n}\n");

        bool hasError = result.Diagnostics.Any(static d => d.Severity == DiagnosticSeverity.Error);
        Assert.True(hasError != result.GeneratedMethod("Get"), $"{name}: error {hasError}, generated {result.GeneratedMethod("Get")}");
        Assert.Empty(result.CompilerErrors);
    }

    public static TheoryData<string, string> Messages() => new()
    {
        {
            "[Cached(EagerRefresh = double.NaN)] " + Sync,
            "EagerRefresh = NaN on 'Get' is out of range: use 0 (off) or a fraction of the time to live strictly between 0 and 1, such as 0.8"
        },
        {
            "[Cached(FailSafeThrottleSeconds = 0)] " + Sync,
            "FailSafeThrottleSeconds = 0 on 'Get' is out of range: use a positive number of seconds (the default is 30)"
        },
        {
            "[Cached(FailSafeMinutes = -1)] " + Sync,
            "FailSafeMinutes = -1 on 'Get' is out of range: use 0 (off) or a positive number of minutes"
        },
        {
            "[Cached(FailSafeMinutes = 10, SoftTimeoutMilliseconds = 500, HardTimeoutMilliseconds = 500)] " + Async,
            "SoftTimeoutMilliseconds = 500 on 'Get' is not shorter than HardTimeoutMilliseconds = 500: the soft timeout must be less than the hard timeout (or either of them 0)"
        },
        {
            "[Cached(HardTimeoutMilliseconds = 250)] " + Sync,
            "HardTimeoutMilliseconds = 250 on 'Get' cannot be honoured: 'Get' returns 'int' directly, and giving up on Core would block the calling thread; return Task<T> or ValueTask<T>, or remove HardTimeoutMilliseconds"
        },
        {
            "[Cached(SoftTimeoutMilliseconds = 200)] " + Async,
            "SoftTimeoutMilliseconds = 200 on 'Get' only serves a kept expired result, and FailSafeMinutes is not set, so none is kept unless the manager's default FailSafeMinutes turns fail-safe on: set FailSafeMinutes so one is kept"
        },
        {
            "[Cached(FailSafeMinutes = 0, SoftTimeoutMilliseconds = 200)] " + Async,
            "SoftTimeoutMilliseconds = 200 on 'Get' only serves a kept expired result, and FailSafeMinutes = 0 turns fail-safe off for it, so none is kept: set FailSafeMinutes so one is kept"
        },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task The_message_names_the_property_the_value_and_what_is_allowed(string member, string expected)
    {
        Compilation compilation = Harness.Generate(Harness.Compile(Usings + "public partial class Service\n{\n    " + member + "\n}\n")).Output;

        Diagnostic diagnostic = Assert.Single(await Harness.AnalyzeAsync(compilation));

        Assert.Equal(expected, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Lowering_MEMO026_or_raising_it_works_like_any_rule()
    {
        string source = Usings + "public partial class Service\n{\n    [Cached(SoftTimeoutMilliseconds = 200)] " + Async + "\n}\n";
        foreach ((ReportDiagnostic setting, DiagnosticSeverity? expected) in new (ReportDiagnostic, DiagnosticSeverity?)[]
        {
            (ReportDiagnostic.Suppress, null),
            (ReportDiagnostic.Error, DiagnosticSeverity.Error),
        })
        {
            var compilation = Harness.Compile(source);
            compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["MEMO026"] = setting }));

            var diagnostics = await Harness.AnalyzeAsync(Harness.Generate(compilation).Output);

            Assert.Equal(expected, diagnostics.SingleOrDefault()?.Severity);
        }
    }
}
