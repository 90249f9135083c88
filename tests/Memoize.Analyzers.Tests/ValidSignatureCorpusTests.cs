using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Memoize.Analyzers.Tests.Support;

namespace Memoize.Analyzers.Tests;

/// <summary>
/// No false positives: every shape the generator supports today gives no Memoize diagnostic, the generator writes a
/// body for every cached method, and the program compiles.
/// </summary>
public sealed class ValidSignatureCorpusTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Collections.Immutable; using System.Threading; using System.Threading.Tasks; using Memoize;\n";

    /// <summary>One valid cached method per line: its declaration and its Core, inside a partial class.</summary>
    private static readonly string[] Members =
    {
        // Return kinds.
        "[Cached] public partial int Sync(int id); private int SyncCore(int id) => id;",
        "[Cached] public partial Task<int> TaskOf(int id); private Task<int> TaskOfCore(int id) => Task.FromResult(id);",
        "[Cached] public partial ValueTask<int> ValueTaskOf(int id); private ValueTask<int> ValueTaskOfCore(int id) => new(id);",
        "[Cached] public partial Task<string> AsyncCore(int id); private async Task<string> AsyncCoreCore(int id) { await Task.Yield(); return \"\"; }",
        "[Cached] public partial string? NullableReference(int id); private string? NullableReferenceCore(int id) => null;",
        "[Cached] public partial int? NullableValue(int id); private int? NullableValueCore(int id) => null;",
        "[Cached] public partial Task<string?> NullableInTask(int id); private Task<string?> NullableInTaskCore(int id) => Task.FromResult<string?>(null);",
        "[Cached] public partial int[] Array(int id); private int[] ArrayCore(int id) => new[] { id };",
        "[Cached] public partial List<string> List(int id); private List<string> ListCore(int id) => new();",
        "[Cached] public partial Dictionary<string, int> Map(int id); private Dictionary<string, int> MapCore(int id) => new();",
        "[Cached] public partial IReadOnlyList<int> ReadOnlyList(int id); private IReadOnlyList<int> ReadOnlyListCore(int id) => new[] { id };",
        "[Cached] public partial IReadOnlyDictionary<int, string> ReadOnlyMap(int id); private IReadOnlyDictionary<int, string> ReadOnlyMapCore(int id) => new Dictionary<int, string>();",
        "[Cached] public partial ImmutableArray<int> Immutable(int id); private ImmutableArray<int> ImmutableCore(int id) => ImmutableArray.Create(id);",
        "[Cached] public partial (int Count, string Name) Tuple(int id); private (int Count, string Name) TupleCore(int id) => (id, \"\");",
        "[Cached] public partial ValueTask<List<int>> ListInValueTask(int id); private ValueTask<List<int>> ListInValueTaskCore(int id) => new(new List<int>());",
        "[Cached] public partial object Boxed(int id); private object BoxedCore(int id) => id;",
        "[Cached] public partial Func<int> Factory(int id); private Func<int> FactoryCore(int id) => () => id;",
        // Parameter counts and key types.
        "[Cached] public partial int NoArguments(); private int NoArgumentsCore() => 1;",
        "[Cached] public partial int Text(string text); private int TextCore(string text) => text.Length;",
        "[Cached] public partial int NullableText(string? text); private int NullableTextCore(string? text) => 0;",
        "[Cached] public partial int Character(char c); private int CharacterCore(char c) => c;",
        "[Cached] public partial int Flag(bool flag); private int FlagCore(bool flag) => flag ? 1 : 0;",
        "[Cached] public partial int SmallIntegers(sbyte a, byte b, short c, ushort d); private int SmallIntegersCore(sbyte a, byte b, short c, ushort d) => a + b + c + d;",
        "[Cached] public partial long Integers(int a, uint b, long c, ulong d); private long IntegersCore(int a, uint b, long c, ulong d) => a;",
        "[Cached] public partial double Reals(float a, double b, decimal c); private double RealsCore(float a, double b, decimal c) => b;",
        "[Cached] public partial long Native(nint a, nuint b); private long NativeCore(nint a, nuint b) => a;",
        "[Cached] public partial int Wide(Int128 a, UInt128 b, Half c); private int WideCore(Int128 a, UInt128 b, Half c) => 0;",
        "[Cached] public partial int Identifier(Guid id); private int IdentifierCore(Guid id) => 0;",
        "[Cached] public partial int Dates(DateTime at, DateTimeOffset offset); private int DatesCore(DateTime at, DateTimeOffset offset) => at.Day;",
        "[Cached] public partial int DayAndTime(DateOnly day, TimeOnly time, TimeSpan span); private int DayAndTimeCore(DateOnly day, TimeOnly time, TimeSpan span) => day.Day;",
        "[Cached] public partial int Enum(DayOfWeek day); private int EnumCore(DayOfWeek day) => (int)day;",
        "[Cached] public partial int UnsignedEnum(Level level); private int UnsignedEnumCore(Level level) => (int)level;",
        "[Cached] public partial int NullableNumbers(int? a, long? b, double? c, decimal? d); private int NullableNumbersCore(int? a, long? b, double? c, decimal? d) => 0;",
        "[Cached] public partial int NullableStructs(Guid? a, DateTime? b, DateTimeOffset? c, TimeSpan? d); private int NullableStructsCore(Guid? a, DateTime? b, DateTimeOffset? c, TimeSpan? d) => 0;",
        "[Cached] public partial int NullableEnum(DayOfWeek? day, Level? level); private int NullableEnumCore(DayOfWeek? day, Level? level) => 0;",
        "[Cached] public partial int NullableSmall(bool? a, char? b, byte? c, DateOnly? d); private int NullableSmallCore(bool? a, char? b, byte? c, DateOnly? d) => 0;",
        "[Cached] public partial int Many(string a, int b, Guid c, DateTime d, DayOfWeek e, decimal f, bool g, long h); private int ManyCore(string a, int b, Guid c, DateTime d, DayOfWeek e, decimal f, bool g, long h) => b;",
        // Left out of the key.
        "[Cached] public partial Task<int> Cancellable(int id, CancellationToken cancellationToken); private Task<int> CancellableCore(int id, CancellationToken cancellationToken) => Task.FromResult(id);",
        "[Cached] public partial ValueTask<int> CancellableDefault(int id, CancellationToken cancellationToken = default); private ValueTask<int> CancellableDefaultCore(int id, CancellationToken cancellationToken) => new(id);",
        "[Cached] public partial int SyncWithToken(int id, CancellationToken cancellationToken); private int SyncWithTokenCore(int id, CancellationToken cancellationToken) => id;",
        "[Cached] public partial Task<int> TwoTokens(int id, CancellationToken first, CancellationToken second); private Task<int> TwoTokensCore(int id, CancellationToken first, CancellationToken second) => Task.FromResult(id);",
        "[Cached] public partial int Logged(int id, [NotCacheKey] Action<string> log); private int LoggedCore(int id, Action<string> log) => id;",
        "[Cached] public partial int WithContext(int id, [NotCacheKey] object context); private int WithContextCore(int id, object context) => id;",
        "[Cached] public partial int WithParams(int id, [NotCacheKey] params string[] tags); private int WithParamsCore(int id, string[] tags) => id;",
        "[Cached] public partial int OnlyPassThrough([NotCacheKey] Uri uri); private int OnlyPassThroughCore(Uri uri) => 0;",
        // Optional parameters and names.
        "[Cached] public partial int Optional(int id, string culture = \"en\", int page = 1); private int OptionalCore(int id, string culture, int page) => id;",
        "[Cached] public partial int OptionalNull(int id, string? filter = null, DayOfWeek day = DayOfWeek.Monday); private int OptionalNullCore(int id, string? filter, DayOfWeek day) => id;",
        "[Cached] public partial int Keywords(int @class, string @event, bool @checked); private int KeywordsCore(int @class, string @event, bool @checked) => @class;",
        "[Cached] public partial int @checked(int @in); private int checkedCore(int @in) => @in;",
        "[Cached] public partial int Overload(int id); private int OverloadCore(int id) => id;\n[Cached] public partial int Overload(string id); private int OverloadCore(string id) => 0;",
        // Modifiers and attribute arguments.
        "[Cached] public static partial int Static(int id); private static int StaticCore(int id) => id;",
        "[Cached] internal partial int Internal(int id); private int InternalCore(int id) => id;",
        "[Cached] private partial int Private(int id); private int PrivateCore(int id) => id;",
        "[Cached] protected partial int Protected(int id); private int ProtectedCore(int id) => id;",
        "[Cached] public virtual partial int Virtual(int id); private int VirtualCore(int id) => id;",
        "[Cached(Minutes = 5)] public partial int Minutes(int id); private int MinutesCore(int id) => id;",
        "[Cached(Seconds = 30, Minutes = 1)] public partial int Seconds(int id); private int SecondsCore(int id) => id;",
        "[Cached(KeyPrefix = \"prices\")] public partial decimal Prefixed(string sku); private decimal PrefixedCore(string sku) => 1m;",
        "[Cached(KeyPrefix = \"prices.v2\", Store = \"memory\", Minutes = 0, Seconds = 0)] public partial decimal AllArguments(string sku); private decimal AllArgumentsCore(string sku) => 1m;",
        "[Cached(Store = \"redis\")] public partial Task<int[]> InRedis(int id); private Task<int[]> InRedisCore(int id) => Task.FromResult(new[] { id });",
        "[Memoize.Cached] public partial int Qualified(int id); private int QualifiedCore(int id) => id;",
        "[CachedAttribute] public partial int WithSuffix(int id); private int WithSuffixCore(int id) => id;",
        "/// <summary>Documented.</summary>\n[Cached, Obsolete(\"old\")] public partial int TwoAttributes(int id); private int TwoAttributesCore(int id) => id;",
        "[Cached] public partial int GetSettings(int id); private int GetSettingsCore(int id) => id;",
        // Shapes added with generic methods, options, complex keys and invalidation.
        "[Cached] public partial T? Generic<T>(int id); private T? GenericCore<T>(int id) => default;",
        "[Cached] public partial Task<List<T>> GenericConstrained<T>(int page) where T : class, new(); private Task<List<T>> GenericConstrainedCore<T>(int page) where T : class, new() => Task.FromResult(new List<T>());",
        "[Cached(Minutes = 5, Sliding = true)] public partial int Sliding(int id); private int SlidingCore(int id) => id;",
        "[Cached(Unless = nameof(IsEmpty))] public partial List<int> WithUnless(int page); private List<int> WithUnlessCore(int page) => new(); private static bool IsEmpty(List<int> result) => result.Count == 0;",
        "[Cached(ShapeFingerprint = false)] public partial int NoFingerprint(int id); private int NoFingerprintCore(int id) => id;",
        "[Cached] public partial int ListKey(IReadOnlyList<string> names); private int ListKeyCore(IReadOnlyList<string> names) => names.Count;",
        "[Cached] public partial int ArrayKey(int[] ids); private int ArrayKeyCore(int[] ids) => ids.Length;",
        "[Cached] public partial int ParamsKey(params int[] pages); private int ParamsKeyCore(int[] pages) => pages.Length;",
        "[Cached] public partial int DictionaryKey(Dictionary<string, int?> weights); private int DictionaryKeyCore(Dictionary<string, int?> weights) => 0;",
        "[Cached] public partial int RecordKey(Address? address); private int RecordKeyCore(Address? address) => 0;",
        "[Cached] public partial int CustomKey(Region region); private int CustomKeyCore(Region region) => 0;",
        "[Cached] public partial int MemberwiseKey(Filter filter); private int MemberwiseKeyCore(Filter filter) => 0;",
        "[Cached] public partial int SensitiveKey([Sensitive] string email); private int SensitiveKeyCore(string email) => 0;",
        "[Cached] public partial string Profile(int id); private string ProfileCore(int id) => \"\";\n[InvalidatesCache(nameof(Profile))] public partial bool ForgetProfile(int id);\n[InvalidatesCache(nameof(Profile))] public partial Task ForgetProfileAsync(int id, CancellationToken cancellationToken = default);",
    };

    /// <summary>Whole files: containing types of every kind, namespaces and managers.</summary>
    private static readonly string[] Files =
    {
        "public partial class InGlobalNamespace { [Cached] public partial int Get(int id); private int GetCore(int id) => id; }",
        "namespace A.B.C { public partial class Deep { [Cached] public partial int Get(int id); private int GetCore(int id) => id; } }",
        "namespace Demo; public partial struct Point { [Cached] public partial int Get(int id); private int GetCore(int id) => id; }",
        "namespace Demo; public partial record Order(int Id) { [Cached] public partial int Get(int id); private int GetCore(int id) => id; }",
        "namespace Demo; public partial record struct Pair(int A) { [Cached] public partial int Get(int id); private int GetCore(int id) => id; }",
        "namespace Demo; public readonly partial struct ReadOnly { [Cached] public partial int Get(int id); private int GetCore(int id) => id; }",
        "namespace Demo; public static partial class Helpers { [Cached] public static partial int Get(int id); private static int GetCore(int id) => id; }",
        "namespace Demo; public sealed partial class Sealed { [Cached] public partial Task<int> GetAsync(int id); private Task<int> GetAsyncCore(int id) => Task.FromResult(id); }",
        "namespace Demo; public abstract partial class Base { [Cached] public partial int Get(int id); private int GetCore(int id) => id; }",
        "namespace Demo; public partial class Outer { public partial class Inner { [Cached] public partial int Get(int id); private int GetCore(int id) => id; } }",
        "namespace Demo; public partial class Outer { private partial struct Inner { public partial record Innermost { [Cached] public partial int Get(int id); private int GetCore(int id) => id; } } }",
        "namespace Demo; public partial class Repository<T> { [Cached] public partial int Count(string name); private int CountCore(string name) => 0; }",
        "namespace Demo; public partial class Repository<TKey, TValue> where TKey : notnull { [Cached] public partial TValue? Find(int id); private TValue? FindCore(int id) => default; }",
        "namespace Demo; public partial class Outer<T> { public partial class Inner { [Cached] public partial T? Get(int id); private T? GetCore(int id) => default; } }",
        "namespace Demo; public partial class WithManager { private readonly ICacheManager _cache = new CacheManager(); [Cached] public partial int Get(int id); private int GetCore(int id) => id; }",
        "namespace Demo; public partial class WithStaticManager { private static ICacheManager Cache { get; } = new CacheManager(); [Cached] public static partial int Get(int id); private static int GetCore(int id) => id; }",
        "namespace Demo { public partial class Split { [Cached] public partial int Get(int id); } }\nnamespace Demo { public partial class Split { private int GetCore(int id) => id; } }",
        "namespace Demo { using Alias = System.Guid; public partial class Aliased { [Cached] public partial int Get(Alias id); private int GetCore(Guid id) => 0; } }",
        "namespace Demo; public partial class CoreOverloads { [Cached] public partial int Get(int id); private int GetCore(string id) => 0; private int GetCore(int id) => id; }",
        "namespace Demo; #nullable disable\npublic partial class Oblivious { [Cached] public partial string Get(string id); private string GetCore(string id) => id; }",
    };

    private const string Level = """
        namespace Demo
        {
            public enum Level : byte { Low, High }
            public sealed record Address(string City, int Zip);
            public sealed class Region : Memoize.ICacheKey { public string ToCacheKey() => "eu"; }
            public sealed class Filter { public string Text { get; set; } = ""; public int[] Pages { get; set; } = []; }
        }
        """;

    public static TheoryData<int> MemberCases => new(Enumerable.Range(0, Members.Length));

    public static TheoryData<int> FileCases => new(Enumerable.Range(0, Files.Length));

    [Fact]
    public void Holds_at_least_sixty_valid_signatures()
    {
        int methods = Members.Concat(Files).Sum(static s => CountCached(s));

        Assert.True(methods >= 60, $"{methods} valid signatures");
    }

    [Theory]
    [MemberData(nameof(MemberCases))]
    public async Task Member_gives_no_diagnostic_and_is_generated(int index)
        => await AssertValidAsync(Usings + "namespace Demo;\npublic partial class Service\n{\n" + Members[index] + "\n}\n");

    [Theory]
    [MemberData(nameof(FileCases))]
    public async Task Containing_shape_gives_no_diagnostic_and_is_generated(int index)
        => await AssertValidAsync(Usings + Files[index].Replace("#nullable disable", "\n#nullable disable", StringComparison.Ordinal));

    private static async Task AssertValidAsync(string source)
    {
        Result result = await Harness.VerifyAsync(source, Level);

        Assert.Empty(result.Diagnostics);
        // One file per memoized method, besides the assembly's manifest.
        Assert.Equal(CountCached(source), result.Generated.Count(static g => g.HintName != "Memoize.CacheManifest.g.cs"));
        Assert.Empty(result.CompilerErrors);
    }

    private static int CountCached(string source)
    {
        int count = 0;
        for (int i = source.IndexOf("[Cached", StringComparison.Ordinal); i >= 0; i = source.IndexOf("[Cached", i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        for (int i = source.IndexOf("[InvalidatesCache", StringComparison.Ordinal); i >= 0; i = source.IndexOf("[InvalidatesCache", i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count + (source.Contains("[Memoize.Cached]", StringComparison.Ordinal) ? 1 : 0);
    }
}
