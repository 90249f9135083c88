using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Memoize.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Memoize.Analyzers.Tests;

/// <summary>
/// Every error at its exact span, and for each the generator wrote nothing, so no confusing compiler error comes
/// from generated code.
/// </summary>
public sealed class ErrorDiagnosticTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Linq; using System.Threading; using System.Threading.Tasks; using Memoize;\nnamespace Demo;\n";

    private static readonly Dictionary<string, string> Fixtures = new()
    {
        ["MEMO001 method with a block body"] = """
            public partial class Service
            {
                [Cached] public int {|MEMO001:Get|}(int id) { return id; }
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO001 method with an expression body"] = """
            public partial class Service
            {
                [Cached] public static string {|MEMO001:Name|}(int id) => id.ToString();
                private static string NameCore(int id) => "";
            }
            """,
        ["MEMO001 partial method the user implemented"] = """
            public partial class Service
            {
                [Cached] public partial int {|MEMO001:Get|}(int id);
                public partial int Get(int id) => id;
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO002 containing type not partial"] = """
            public class Service
            {
                [Cached] public partial int {|MEMO002:Get|}(int id);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO002 outer type of a nested type not partial"] = """
            public class Outer
            {
                public partial class Inner
                {
                    [Cached] public partial int {|MEMO002:Get|}(int id);
                    private int GetCore(int id) => id;
                }
            }
            """,
        ["MEMO002 once per non-partial level"] = """
            public class Outer
            {
                public struct Inner
                {
                    [Cached] public partial int {|MEMO002:{|MEMO002:Get|}|}(int id);
                    private int GetCore(int id) => id;
                }
            }
            """,
        ["MEMO003 no Core method"] = """
            public partial class Service
            {
                [Cached] public partial Task<string> {|MEMO003:LoadAsync|}(string key, CancellationToken cancellationToken);
            }
            """,
        ["MEMO004 Core with other parameters"] = """
            public partial class Service
            {
                [Cached] public partial int {|MEMO004:Get|}(int id, string region);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO004 Core with another return type"] = """
            public partial class Service
            {
                [Cached] public partial Task<int> {|MEMO004:Get|}(int id);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO004 instance Core for a static method"] = """
            public partial class Service
            {
                [Cached] public static partial int {|MEMO004:Get|}(int id);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO004 static Core for an instance method"] = """
            public partial class Service
            {
                [Cached] public partial int {|MEMO004:Get|}(int id);
                private static int GetCore(int id) => id;
            }
            """,
        ["MEMO005 void"] = """
            public partial class Service
            {
                [Cached] public partial {|MEMO005:void|} Touch(int id);
                private void TouchCore(int id) { }
            }
            """,
        ["MEMO005 Task"] = """
            public partial class Service
            {
                [Cached] public partial {|MEMO005:Task|} RefreshAsync(int id);
                private Task RefreshAsyncCore(int id) => Task.CompletedTask;
            }
            """,
        ["MEMO005 ValueTask"] = """
            public partial class Service
            {
                [Cached] public partial {|MEMO005:ValueTask|} RefreshAsync(int id);
                private ValueTask RefreshAsyncCore(int id) => default;
            }
            """,
        ["MEMO005 async void"] = """
            public partial class Service
            {
                [Cached] public async partial {|MEMO005:void|} Fire(int id);
                private void FireCore(int id) { }
            }
            """,
        ["MEMO005 ref return"] = """
            public partial class Service
            {
                private int _value;
                [Cached] public partial {|MEMO005:ref int|} Slot(int id);
                private ref int SlotCore(int id) => ref _value;
            }
            """,
        ["MEMO005 ref struct return"] = """
            public partial class Service
            {
                [Cached] public partial {|MEMO005:Span<byte>|} Buffer(int id);
                private Span<byte> BufferCore(int id) => default;
            }
            """,
        ["MEMO006 IEnumerable"] = """
            public partial class Service
            {
                [Cached] public partial {|MEMO006:IEnumerable<int>|} Ids(int page);
                private IEnumerable<int> IdsCore(int page) { yield return page; }
            }
            """,
        ["MEMO006 Task of IEnumerable"] = """
            public partial class Service
            {
                [Cached] public partial {|MEMO006:Task<IEnumerable<int>>|} IdsAsync(int page);
                private Task<IEnumerable<int>> IdsAsyncCore(int page) => Task.FromResult(Enumerable.Empty<int>());
            }
            """,
        ["MEMO006 IQueryable"] = """
            public partial class Service
            {
                [Cached] public partial {|MEMO006:IQueryable<int>|} Query(int page);
                private IQueryable<int> QueryCore(int page) => new[] { page }.AsQueryable();
            }
            """,
        ["MEMO006 IAsyncEnumerable"] = """
            public partial class Service
            {
                [Cached] public partial {|MEMO006:IAsyncEnumerable<int>|} Stream(int page);
                private async IAsyncEnumerable<int> StreamCore(int page) { await Task.Yield(); yield return page; }
            }
            """,
        ["MEMO007 ref parameter"] = """
            public partial class Service
            {
                [Cached] public partial int Get(ref int {|MEMO007:id|});
                private int GetCore(ref int id) => id;
            }
            """,
        ["MEMO007 out parameter"] = """
            public partial class Service
            {
                [Cached] public partial int Get(int id, out int {|MEMO007:extra|});
                private int GetCore(int id, out int extra) { extra = 0; return id; }
            }
            """,
        ["MEMO007 in parameter"] = """
            public partial class Service
            {
                [Cached] public partial int Get(in Guid {|MEMO007:id|});
                private int GetCore(in Guid id) => 0;
            }
            """,
        ["MEMO007 pointer parameter"] = """
            public unsafe partial class Service
            {
                [Cached] public partial int Get(int* {|MEMO007:id|});
                private int GetCore(int* id) => *id;
            }
            """,
        ["MEMO007 span parameter"] = """
            public partial class Service
            {
                [Cached] public partial int Sum(ReadOnlySpan<int> {|MEMO007:values|});
                private int SumCore(ReadOnlySpan<int> values) => values.Length;
            }
            """,
        ["MEMO008 negative minutes"] = """
            public partial class Service
            {
                [Cached({|MEMO008:Minutes = -5|})] public partial int Get(int id);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO008 negative seconds"] = """
            public partial class Service
            {
                [Cached(Minutes = 1, {|MEMO008:Seconds = -1|})] public partial int Get(int id);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO009 empty KeyPrefix"] = """
            public partial class Service
            {
                [Cached({|MEMO009:KeyPrefix = ""|})] public partial int Get(int id);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO009 KeyPrefix with the separator"] = """
            public partial class Service
            {
                [Cached({|MEMO009:KeyPrefix = "users:by-id"|})] public partial int Get(int id);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO010 class with reference identity"] = """
            public sealed class Customer { public void Touch() { } }
            public partial class Service
            {
                [Cached] public partial decimal Discount(Customer {|MEMO010:customer|});
                private decimal DiscountCore(Customer customer) => 0m;
            }
            """,
        ["MEMO011 unless with the wrong parameter type"] = """
            public partial class Service
            {
                [Cached({|MEMO011:Unless = nameof(IsEmpty)|})] public partial string Name(int id);
                private string NameCore(int id) => "";
                private static bool IsEmpty(int value) => value == 0;
            }
            """,
        ["MEMO011 unless naming nothing"] = """
            public partial class Service
            {
                [Cached({|MEMO011:Unless = "Missing"|})] public partial string Name(int id);
                private string NameCore(int id) => "";
            }
            """,
        ["MEMO012 invalidation target not found"] = """
            public partial class Service
            {
                [Cached] public partial string Name(int id);
                private string NameCore(int id) => "";
                [InvalidatesCache({|MEMO012:"Nmae"|})] public partial void Forget(int id);
            }
            """,
        ["MEMO013 invalidation target ambiguous"] = """
            public partial class Service
            {
                [Cached] public partial string Find(int id);
                [Cached(KeyPrefix = "other")] public partial string Find(int id, [NotCacheKey] bool log);
                private string FindCore(int id) => "";
                private string FindCore(int id, bool log) => "";
                [InvalidatesCache({|MEMO013:nameof(Find)|})] public partial void Forget(int id);
            }
            """,
        ["MEMO014 invalidation target not cached"] = """
            public partial class Service
            {
                public string Name(int id) => "";
                [InvalidatesCache({|MEMO014:nameof(Name)|})] public partial void Forget(int id);
            }
            """,
        ["MEMO015 invalidation parameters differ"] = """
            public partial class Service
            {
                [Cached] public partial string Name(int id);
                private string NameCore(int id) => "";
                [InvalidatesCache({|MEMO015:nameof(Name)|})] public partial void Forget(long userId);
            }
            """,
        ["MEMO016 invalidation returns int"] = """
            public partial class Service
            {
                [Cached] public partial string Name(int id);
                private string NameCore(int id) => "";
                [InvalidatesCache(nameof(Name))] public partial {|MEMO016:int|} Forget(int id);
            }
            """,
        ["MEMO017 EagerRefresh written as a percentage"] = """
            public partial class Service
            {
                [Cached(Minutes = 10, {|MEMO017:EagerRefresh = 80|})] public partial Task<int> RatesAsync(string currency);
                private Task<int> RatesAsyncCore(string currency) => Task.FromResult(1);
            }
            """,
        ["MEMO017 negative fail-safe and no throttle"] = """
            public partial class Service
            {
                [Cached({|MEMO017:FailSafeMinutes = -10|}, {|MEMO017:FailSafeThrottleSeconds = 0|})] public partial int Get(int id);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO018 soft timeout longer than the hard one"] = """
            public partial class Service
            {
                [Cached(FailSafeMinutes = 60, {|MEMO018:SoftTimeoutMilliseconds = 2000|}, HardTimeoutMilliseconds = 500)] public partial Task<int> ForecastAsync(string city);
                private Task<int> ForecastAsyncCore(string city) => Task.FromResult(1);
            }
            """,
        ["MEMO019 hard timeout on a synchronous method"] = """
            public partial class Service
            {
                [Cached(FailSafeMinutes = 30, {|MEMO019:HardTimeoutMilliseconds = 500|})] public partial int Quote(string symbol);
                private int QuoteCore(string symbol) => 1;
            }
            """,
        ["MEMO010 object parameter"] = """
            public partial class Service
            {
                [Cached] public partial string Describe(int id, object {|MEMO010:context|});
                private string DescribeCore(int id, object context) => "";
            }
            """,
    };

    public static TheoryData<string> Cases => new(Fixtures.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reports_the_error_at_its_span_and_generates_nothing(string name)
    {
        Result result = await Harness.VerifyAsync(Usings + Fixtures[name]);

        // No caching code is generated for a method with an error: at most a body that throws and names the error,
        // which keeps the compiler's "missing implementation" error from hiding the diagnostic. A valid [Cached]
        // target of an invalidation fixture is generated normally.
        bool invalidation = name.Contains("invalidation", System.StringComparison.Ordinal);
        foreach (var generated in result.Generated)
        {
            if (generated.HintName.EndsWith(".Stub.g.cs", System.StringComparison.Ordinal))
            {
                string text = generated.SourceText.ToString();
                Assert.Contains("throw new global::System.InvalidOperationException(\"Memoize did not generate", text, System.StringComparison.Ordinal);
                Assert.DoesNotContain("global::Memoize.CachedMethod", text, System.StringComparison.Ordinal);
            }
            else
            {
                Assert.True(invalidation && !generated.HintName.Contains(".Invalidation.", System.StringComparison.Ordinal), $"{name} generated {generated.HintName}");
            }
        }

        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));

        // The user sees our message: no compiler error in generated code, and no "missing implementation" (CS8795)
        // except where no implementation can be added, in a type that is not partial (MEMO002).
        Assert.DoesNotContain(result.CompilerErrors, d => d.Location.SourceTree?.FilePath != "User0.cs"
            || (d.Id == "CS8795" && !name.StartsWith("MEMO002", System.StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_Core_declaration_in_the_message_keeps_ref_kinds_and_keyword_names()
    {
        Result result = await Harness.VerifyAsync(Usings + """
            public partial class Service
            {
                [Cached] public partial int {|MEMO003:Get|}(int @class, in Guid {|MEMO007:id|});
            }
            """);

        Assert.Contains(
            "'private int GetCore(int @class, in Guid id)'",
            result.Diagnostics.Single(d => d.Id == "MEMO003").GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            System.StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_id_has_a_fixture()
    {
        string[] errorIds = DiagnosticDescriptors.All.Where(d => d.DefaultSeverity == DiagnosticSeverity.Error).Select(d => d.Id).ToArray();
        string[] covered = errorIds.Where(id => Fixtures.Values.Any(f => f.Contains("{|" + id + ":", System.StringComparison.Ordinal))).ToArray();

        Assert.Equal(errorIds, covered);
    }
}
