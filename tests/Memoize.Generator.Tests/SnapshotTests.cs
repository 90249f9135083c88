using System.Linq;
using Memoize.Generator.Tests.Support;

namespace Memoize.Generator.Tests;

/// <summary>The generated source of every method shape, checked against reviewed snapshots; each also compiles cleanly.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Sync_instance_method_with_prefix_and_minutes() => Verify("""
        using Memoize;
        namespace Shop;
        public partial class PriceService
        {
            [Cached(KeyPrefix = "price", Minutes = 30)]
            public partial decimal GetPrice(string sku, int quantity);
            private decimal GetPriceCore(string sku, int quantity) => quantity;
        }
        """);

    [Fact]
    public void Task_method_with_cancellation_token_and_store() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using Memoize;
        namespace Weather;
        public sealed record Forecast(string City, double Celsius);
        public partial class WeatherService
        {
            [Cached(Store = "redis", KeyPrefix = "forecast", Minutes = 30)]
            public partial Task<Forecast> GetForecastAsync(string city, CancellationToken ct = default);
            private Task<Forecast> GetForecastAsyncCore(string city, CancellationToken ct) => Task.FromResult(new Forecast(city, 20));
        }
        """);

    [Fact]
    public void ValueTask_method_with_seconds() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using Memoize;
        namespace Stock;
        public partial class Inventory
        {
            [Cached(Seconds = 90)]
            internal partial ValueTask<int> CountAsync(System.Guid warehouse, CancellationToken cancellationToken);
            private ValueTask<int> CountAsyncCore(System.Guid warehouse, CancellationToken cancellationToken) => new(1);
        }
        """);

    [Fact]
    public void Static_method_in_static_class_with_static_manager() => Verify("""
        using Memoize;
        namespace Maths;
        public static partial class Primes
        {
            private static readonly ICacheManager Cache = new CacheManager();
            [Cached]
            public static partial bool IsPrime(long candidate);
            private static bool IsPrimeCore(long candidate) => candidate > 1;
        }
        """);

    [Fact]
    public void Nested_types_record_and_struct() => Verify("""
        using Memoize;
        namespace Nesting;
        public partial class Outer
        {
            internal partial record Middle(string Name)
            {
                public partial struct Inner
                {
                    [Cached]
                    public readonly partial string Echo(string? text, char mark);
                    private readonly string EchoCore(string? text, char mark) => text + mark;
                }
            }
        }
        """);

    [Fact]
    public void Global_namespace_and_instance_manager_property() => Verify("""
        using Memoize;
        public partial class Greeter
        {
            public ICacheManager Cache { get; } = new CacheManager();
            [Cached]
            public partial string Greet(string name);
            private string GreetCore(string name) => "hello " + name;
        }
        """);

    [Fact]
    public void Date_time_enum_and_nullable_keys() => Verify("""
        using System;
        using Memoize;
        namespace Calendar;
        public enum Kind : byte { Meeting, Holiday }
        public partial class Agenda
        {
            [Cached]
            public partial string Find(DateTime day, DateTimeOffset? at, Kind kind, Kind? other, int? limit, decimal budget, double ratio);
            private string FindCore(DateTime day, DateTimeOffset? at, Kind kind, Kind? other, int? limit, decimal budget, double ratio) => "";
        }
        """);

    [Fact]
    public void Not_cache_key_parameter_and_no_key_arguments() => Verify("""
        using Memoize;
        namespace Reports;
        public sealed class Logger { }
        public partial class Report
        {
            [Cached]
            public partial int Total();
            [Cached]
            public partial int Count(string region, [NotCacheKey] Logger logger);
            private int TotalCore() => 1;
            private int CountCore(string region, Logger logger) => 2;
        }
        """);

    [Fact]
    public void Overloads_and_generic_containing_type_and_keyword_names() => Verify("""
        using Memoize;
        namespace Generic;
        public partial class Repository<TEntity> where TEntity : class
        {
            [Cached]
            public partial string Find(int id);
            [Cached]
            public partial string Find(string @class);
            private string FindCore(int id) => typeof(TEntity).Name + id;
            private string FindCore(string @class) => typeof(TEntity).Name + @class;
        }
        """);

    [Fact]
    public void Generic_method_with_constraints_in_a_generic_type() => Verify("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Memoize;
        namespace Generic;
        public interface IEntity { int Id { get; } }
        public partial class Store<TKey> where TKey : notnull
        {
            [Cached]
            public partial Task<List<TEntity>> LoadAsync<TEntity>(int page) where TEntity : class, IEntity, new();
            private Task<List<TEntity>> LoadAsyncCore<TEntity>(int page) where TEntity : class, IEntity, new() => Task.FromResult(new List<TEntity>());
        }
        """);

    [Fact]
    public void Collections_records_cache_key_types_params_and_sensitive() => Verify("""
        using System.Collections.Generic;
        using Memoize;
        namespace Keys;
        public sealed record Address(string City, int Zip);
        public sealed class Region : ICacheKey { public string ToCacheKey() => "eu"; }
        public partial class Finder
        {
            [Cached]
            public partial int Find(IReadOnlyList<string> names, Dictionary<string, int?> weights, Address? address, Region region, [Sensitive] string email, params int[] pages);
            private int FindCore(IReadOnlyList<string> names, Dictionary<string, int?> weights, Address? address, Region region, string email, int[] pages) => 0;
        }
        """);

    [Fact]
    public void Sliding_unless_and_fingerprint_off() => Verify("""
        using System.Collections.Generic;
        using Memoize;
        namespace Options;
        public sealed record Dto(string Name);
        public partial class Service
        {
            [Cached(Minutes = 5, Sliding = true, Unless = nameof(IsEmpty))]
            public partial List<Dto> List(string filter);
            [Cached(ShapeFingerprint = false)]
            public static partial Dto One(int id);
            private static bool IsEmpty(List<Dto> result) => result.Count == 0;
            private List<Dto> ListCore(string filter) => new();
            private static Dto OneCore(int id) => new("x");
        }
        """);

    [Fact]
    public void Resilience_options_only_those_set_in_declaration_order() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using Memoize;
        namespace Resilient;
        public sealed record Forecast(string City, double Celsius);
        public partial class WeatherService
        {
            [Cached(Minutes = 10, JitterSeconds = 30, EagerRefresh = 0.8, HardTimeoutMilliseconds = 2000, SoftTimeoutMilliseconds = 200, FailSafeThrottleSeconds = 15, FailSafeMinutes = 60)]
            public partial Task<Forecast> GetForecastAsync(string city, CancellationToken ct = default);
            [Cached(Sliding = true, EagerRefresh = 1e-3, FailSafeMinutes = 0)]
            public partial int Count(string sku);
            [Cached(FailSafeThrottleSeconds = 30)]
            public partial ValueTask<int> StockAsync(string sku);
            private Task<Forecast> GetForecastAsyncCore(string city, CancellationToken ct) => Task.FromResult(new Forecast(city, 20));
            private int CountCore(string sku) => 1;
            private ValueTask<int> StockAsyncCore(string sku) => new(1);
        }
        """);

    [Fact]
    public void Invalidating_methods_of_every_return_kind() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using Memoize;
        namespace Users;
        public partial class UserService
        {
            private readonly ICacheManager _cache = new CacheManager();
            [Cached]
            public partial Task<string> GetUserAsync(int id, CancellationToken ct = default);
            [Cached]
            public partial string Profile(int id);
            [InvalidatesCache(nameof(GetUserAsync))]
            public partial Task ForgetUserAsync(int id, CancellationToken ct = default);
            [InvalidatesCache(nameof(GetUserAsync), nameof(Profile))]
            public partial bool ForgetAll(int id);
            [InvalidatesCache(nameof(Profile))]
            internal partial void ForgetProfile(int id);
            private Task<string> GetUserAsyncCore(int id, CancellationToken ct) => Task.FromResult("u");
            private string ProfileCore(int id) => "p";
        }
        """);

    [Fact]
    public void Record_with_required_and_init_members_optional_parameters_and_nullable_references() => Verify("""
        using Memoize;
        namespace Records;
        public partial record Settings
        {
            public required string Region { get; init; }
            public int Version { get; init; } = 1;
            [Cached(Minutes = 1)]
            public partial string? Lookup(string? name, int limit = 10, bool exact = false, string culture = "en");
            private string? LookupCore(string? name, int limit, bool exact, string culture) => name;
        }
        """);

    [Fact]
    public void A_method_with_an_error_gets_only_a_throwing_stub()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using Memoize;
            namespace Broken;
            public partial class Service
            {
                [Cached]
                public partial string Name(int id);
            }
            """);

        Assert.Empty(output.CompilationDiagnostics.Where(static d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(static d => d.ToString()));
        (string hintName, string generated) = Assert.Single(output.Sources);
        Assert.Equal("Broken.Service.Name.Stub.g.cs", hintName);
        Snapshot.Match(generated, hintName, nameof(SnapshotTests));
    }

    [Fact]
    public void Overloads_with_the_same_key_parameters_compile_without_key_builders()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using System.Threading;
            using System.Threading.Tasks;
            using Memoize;
            namespace Overloads;
            public partial class Finder
            {
                [Cached] public partial Task<string> FindAsync(int id);
                [Cached] public partial Task<string> FindAsync(int id, CancellationToken ct);
                [Cached] public partial string Other(int id);
                private Task<string> FindAsyncCore(int id) => Task.FromResult("");
                private Task<string> FindAsyncCore(int id, CancellationToken ct) => Task.FromResult("");
                private string OtherCore(int id) => "";
            }
            """);

        Assert.Empty(output.ErrorsAndWarnings.Select(static d => d.ToString()));
        Assert.Equal(4, output.Sources.Count); // three methods and the assembly's cache manifest
        Assert.Equal(1, output.Sources.Count(static s => s.Source.Contains("CacheKey(", System.StringComparison.Ordinal)));
    }

    private void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        GeneratorOutput output = GeneratorHarness.Run(source);

        Assert.Empty(output.ErrorsAndWarnings.Select(static d => d.ToString()));
        Assert.NotEmpty(output.Sources);
        foreach ((string hintName, string generated) in output.Sources)
        {
            Snapshot.Match(generated, hintName, nameof(SnapshotTests), test);
        }
    }
}
