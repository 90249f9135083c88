using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Memoize.Analyzers.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Memoize.Analyzers.Tests;

/// <summary>
/// Warnings and information at their exact span. These methods can be generated, so the generator still writes them
/// and the program compiles: a warning never takes the method away.
/// </summary>
public sealed class WarningDiagnosticTests
{
    private const string UsingLines = "using System; using System.Collections.Generic; using System.IO; using System.Threading; using System.Threading.Tasks; using Memoize;\n";

    private static readonly Dictionary<string, string> Fixtures = new()
    {
        ["MEMO020 interface into a serializing store"] = """
            public interface IReport { int Total { get; } }
            public sealed class Report : IReport { public int Total { get; set; } }
            public partial class Service
            {
                [Cached(Store = "redis")] public partial {|MEMO020:IReport|} Get(int id);
                private IReport GetCore(int id) => new Report();
            }
            """,
        ["MEMO020 abstract type inside a Task"] = """
            public abstract class Shape { }
            public partial class Service
            {
                [Cached(Store = "redis")] public partial {|MEMO020:Task<Shape>|} GetAsync(int id);
                private Task<Shape> GetAsyncCore(int id) => Task.FromResult<Shape>(null!);
            }
            """,
        ["MEMO020 delegate"] = """
            public partial class Service
            {
                [Cached(Store = "sqlite")] public partial {|MEMO020:Func<int>|} Factory(int id);
                private Func<int> FactoryCore(int id) => () => id;
            }
            """,
        ["MEMO020 stream"] = """
            public partial class Service
            {
                [Cached(Store = "files")] public partial {|MEMO020:MemoryStream|} Open(string path);
                private MemoryStream OpenCore(string path) => new MemoryStream();
            }
            """,
        ["MEMO020 object"] = """
            public partial class Service
            {
                [Cached(Store = "redis")] public partial {|MEMO020:object|} Any(int id);
                private object AnyCore(int id) => id;
            }
            """,
        ["MEMO020 class without a usable constructor"] = """
            public sealed class Money
            {
                private Money(decimal amount) { Amount = amount; }
                public decimal Amount { get; }
                public static Money Of(decimal amount) => new Money(amount);
            }
            public partial class Service
            {
                [Cached(Store = "redis")] public partial {|MEMO020:Money|} Price(string sku);
                private Money PriceCore(string sku) => Money.Of(1m);
            }
            """,
        ["MEMO020 list of interfaces"] = """
            public interface IReport { int Total { get; } }
            public partial class Service
            {
                [Cached(Store = "redis")] public partial {|MEMO020:List<IReport>|} All(int page);
                private List<IReport> AllCore(int page) => new List<IReport>();
            }
            """,
        ["MEMO021 two methods share a KeyPrefix"] = """
            public partial class Users
            {
                [Cached({|MEMO021:KeyPrefix = "user"|})] public partial string Name(int id);
                private string NameCore(int id) => "";
            }
            public partial class Accounts
            {
                [Cached({|MEMO021:KeyPrefix = "user"|})] public partial string Email(Guid id);
                private string EmailCore(Guid id) => "";
            }
            """,
        ["MEMO022 store not declared"] = """
            [assembly: CacheStores("redis", "sqlite")]
            public partial class Service
            {
                [Cached({|MEMO022:Store = "reddis"|})] public partial int Get(int id);
                private int GetCore(int id) => id;
            }
            """,
        ["MEMO023 DateTime.Now in Core"] = """
            public partial class Service
            {
                [Cached] public partial string Greeting(string name);
                private string GreetingCore(string name) => ({|MEMO023:DateTime.Now|}.Hour < 12 ? "Good morning " : "Hello ") + name;
            }
            """,
        ["MEMO023 every ambient input"] = """
            public partial class Service
            {
                [Cached] public partial Task<string> TokenAsync(int id);
                private async Task<string> TokenAsyncCore(int id)
                {
                    await Task.Yield();
                    var random = {|MEMO023:new Random()|};
                    long ticks = {|MEMO023:DateTime.UtcNow|}.Ticks + {|MEMO023:DateTimeOffset.UtcNow|}.Ticks + {|MEMO023:Environment.TickCount64|};
                    Func<int> roll = () => {|MEMO023:Random.Shared|}.Next();
                    return {|MEMO023:Guid.NewGuid()|} + ":" + random.Next() + ticks + roll() + {|MEMO023:DateTime.Today|};
                }
            }
            """,
        ["MEMO024 name that changes state"] = """
            public partial class Service
            {
                [Cached] public partial int {|MEMO024:SaveOrder|}(int id);
                private int SaveOrderCore(int id) => id;

                [Cached] public partial Task<bool> {|MEMO024:DeleteAsync|}(int id);
                private Task<bool> DeleteAsyncCore(int id) => Task.FromResult(true);

                [Cached] public partial int {|MEMO024:Increment|}(int id);
                private int IncrementCore(int id) => id + 1;
            }
            """,
        ["MEMO025 NotCacheKey on a CancellationToken"] = """
            public partial class Service
            {
                [Cached] public partial Task<int> CountAsync(string key, [{|MEMO025:NotCacheKey|}] CancellationToken cancellationToken);
                private Task<int> CountAsyncCore(string key, CancellationToken cancellationToken) => Task.FromResult(1);
            }
            """,
        ["MEMO026 soft timeout without fail-safe"] = """
            public partial class Service
            {
                [Cached(Minutes = 5, {|MEMO026:SoftTimeoutMilliseconds = 200|})] public partial Task<int> ForecastAsync(string city);
                private Task<int> ForecastAsyncCore(string city) => Task.FromResult(1);
            }
            """,
    };

    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["no MEMO020 for the memory store, which keeps objects"] = """
            public interface IReport { int Total { get; } }
            public partial class Service
            {
                [Cached] public partial IReport Get(int id);
                private IReport GetCore(int id) => null!;
                [Cached(Store = "memory")] public partial Func<int> Factory(int id);
                private Func<int> FactoryCore(int id) => () => id;
            }
            """,
        ["no MEMO020 for data types a serializer reads back"] = """
            public sealed record Order(int Id, string Customer);
            public sealed class Line { public int Qty { get; set; } }
            public sealed class Priced { public Priced(decimal amount) { Amount = amount; } public decimal Amount { get; } }
            public partial class Service
            {
                [Cached(Store = "redis")] public partial Order Get(int id);
                private Order GetCore(int id) => new Order(id, "");
                [Cached(Store = "redis")] public partial Task<List<Line>> LinesAsync(int id);
                private Task<List<Line>> LinesAsyncCore(int id) => Task.FromResult(new List<Line>());
                [Cached(Store = "redis")] public partial IReadOnlyDictionary<string, int[]> Counts(int id);
                private IReadOnlyDictionary<string, int[]> CountsCore(int id) => new Dictionary<string, int[]>();
                [Cached(Store = "redis")] public partial Priced Price(int id);
                private Priced PriceCore(int id) => new Priced(1m);
                [Cached(Store = "redis")] public partial Uri Link(int id);
                private Uri LinkCore(int id) => new Uri("https://example.org");
            }
            """,
        ["no MEMO021 for different key arguments, stores or default prefixes"] = """
            public partial class Service
            {
                [Cached(KeyPrefix = "user")] public partial string Name(int id);
                private string NameCore(int id) => "";
                [Cached(KeyPrefix = "user")] public partial string Name(int id, string culture);
                private string NameCore(int id, string culture) => "";
                [Cached(KeyPrefix = "user", Store = "redis")] public partial string Email(int id);
                private string EmailCore(int id) => "";
                [Cached] public partial int Get(int id);
                private int GetCore(int id) => id;
                [Cached] public partial int Get(long id);
                private int GetCore(long id) => 0;
            }
            """,
        ["no MEMO022 for declared stores, the memory store, or without declarations"] = """
            [assembly: CacheStores("redis")]
            [assembly: CacheStores("sqlite")]
            public partial class Service
            {
                [Cached(Store = "redis")] public partial int A(int id);
                private int ACore(int id) => id;
                [Cached(Store = "sqlite")] public partial int B(int id);
                private int BCore(int id) => id;
                [Cached(Store = "memory")] public partial int C(int id);
                private int CCore(int id) => id;
            }
            """,
        ["no MEMO023 outside Core methods"] = """
            public partial class Service
            {
                public DateTime Stamp() => DateTime.Now;
                private Guid ToolCore() => Guid.NewGuid();
                [Cached] public partial string Greeting(DateTime at);
                private string GreetingCore(DateTime at) => at.Hour < 12 ? "Good morning" : "Hello";
            }
            """,
        ["no MEMO026 when the attribute turns fail-safe on"] = """
            public partial class Service
            {
                [Cached(Minutes = 5, FailSafeMinutes = 60, SoftTimeoutMilliseconds = 200)] public partial Task<int> ForecastAsync(string city);
                private Task<int> ForecastAsyncCore(string city) => Task.FromResult(1);
            }
            """,
        ["no MEMO024 for nouns that start like verbs"] = """
            public partial class Service
            {
                [Cached] public partial string Settings(int id);
                private string SettingsCore(int id) => "";
                [Cached] public partial string Address(int id);
                private string AddressCore(int id) => "";
                [Cached] public partial string Created(int id);
                private string CreatedCore(int id) => "";
                [Cached] public partial string GetUpdateInfo(int id);
                private string GetUpdateInfoCore(int id) => "";
            }
            """,
    };

    /// <summary>The fixture in namespace Demo, after any assembly attributes it starts with.</summary>
    private static string Source(string fixture)
    {
        string[] lines = fixture.Split('\n');
        int attributes = lines.TakeWhile(static l => l.StartsWith("[assembly:", System.StringComparison.Ordinal)).Count();
        return UsingLines + string.Join("\n", lines.Take(attributes)) + "\nnamespace Demo;\n" + string.Join("\n", lines.Skip(attributes));
    }

    public static TheoryData<string> Cases => new(Fixtures.Keys);

    public static TheoryData<string> QuietCases => new(Quiet.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reports_the_warning_at_its_span_and_still_generates(string name)
    {
        Result result = await Harness.VerifyAsync(Source(Fixtures[name]));

        Assert.NotEmpty(result.Generated);
        Assert.All(result.Diagnostics, d => Assert.NotEqual(DiagnosticSeverity.Error, d.Severity));
        Assert.Empty(result.CompilerErrors);
    }

    [Theory]
    [MemberData(nameof(QuietCases))]
    public async Task Reports_nothing_for_the_near_misses(string name)
    {
        Result result = await Harness.VerifyAsync(Source(Quiet[name]));

        Assert.Empty(result.CompilerErrors);
    }

    [Fact]
    public async Task Names_the_declared_stores_and_the_colliding_method_in_the_message()
    {
        Result stores = await Harness.VerifyAsync(Source(Fixtures["MEMO022 store not declared"]));
        Result collision = await Harness.VerifyAsync(Source(Fixtures["MEMO021 two methods share a KeyPrefix"]));

        Assert.Equal(
            "Store \"reddis\" of 'Get' is not declared by [assembly: CacheStores(...)]; declared stores: memory, redis, sqlite",
            stores.Diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(collision.Diagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("'Users.Name' uses KeyPrefix \"user\" like Accounts.Email", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task Severity_is_configured_like_any_rule()
    {
        Markup markup = Markup.Parse(Source(Fixtures["MEMO024 name that changes state"]));
        var compilation = Harness.Compile(markup.Source);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["MEMO024"] = ReportDiagnostic.Suppress,
            ["MEMO001"] = ReportDiagnostic.Warn,
        }));

        var diagnostics = await Harness.AnalyzeAsync(Harness.Generate(compilation).Output);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Every_warning_and_info_id_has_a_fixture()
    {
        string[] ids = DiagnosticDescriptors.All.Where(d => d.DefaultSeverity != DiagnosticSeverity.Error).Select(d => d.Id).ToArray();
        string[] covered = ids.Where(id => Fixtures.Values.Any(f => f.Contains("{|" + id + ":", System.StringComparison.Ordinal))).ToArray();

        Assert.Equal(ids, covered);
    }
}
