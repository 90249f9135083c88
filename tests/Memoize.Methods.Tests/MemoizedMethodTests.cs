using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Methods.Tests.Subjects;
using Memoize.Methods.Tests.Support;

namespace Memoize.Methods.Tests;

/// <summary>Generated methods, compiled the way a user project compiles them, called for real.</summary>
public sealed class MemoizedMethodTests
{
    private readonly CacheManager _cache = new();

    [Fact]
    public void Sync_method_with_the_same_arguments_three_times_runs_core_once()
    {
        var service = new PriceService(_cache);

        decimal[] results = [service.GetPrice("ABC", 2), service.GetPrice("ABC", 2), service.GetPrice("ABC", 2)];

        Assert.All(results, r => Assert.Equal(5m, r));
        Assert.Equal(1, service.Calls.Count);
    }

    [Fact]
    public void Sync_method_with_three_different_argument_tuples_runs_core_three_times()
    {
        var service = new PriceService(_cache);

        Assert.Equal(5m, service.GetPrice("ABC", 2));
        Assert.Equal(6m, service.GetPrice("ABC", 3));
        Assert.Equal(7m, service.GetPrice("ABCD", 3));

        Assert.Equal(3, service.Calls.Count);
    }

    [Fact]
    public async Task Task_method_with_the_same_arguments_runs_core_once_and_differs_by_argument()
    {
        var service = new PriceService(_cache);

        Assert.Equal("item a", await service.DescribeAsync("a"));
        Assert.Equal("item a", await service.DescribeAsync("a"));
        Assert.Equal("item a", await service.DescribeAsync("a"));
        Assert.Equal(1, service.Calls.Count);

        Assert.Equal("item b", await service.DescribeAsync("b"));
        Assert.Equal("item c", await service.DescribeAsync("c"));
        Assert.Equal(3, service.Calls.Count);
    }

    [Fact]
    public async Task ValueTask_method_with_the_same_arguments_runs_core_once_and_differs_by_argument()
    {
        var service = new PriceService(_cache);

        Assert.Equal(3, await service.StockAsync("abc"));
        Assert.Equal(3, await service.StockAsync("abc"));
        Assert.Equal(3, await service.StockAsync("abc"));
        Assert.Equal(1, service.Calls.Count);

        Assert.Equal(1, await service.StockAsync("x"));
        Assert.Equal(2, await service.StockAsync("xy"));
        Assert.Equal(3, service.Calls.Count);
    }

    [Fact]
    public async Task Static_methods_sync_and_async_are_memoized_on_the_static_manager()
    {
        int before = StaticMath.Calls.Count;
        int value = Random.Shared.Next(1_000_000, 2_000_000);

        Assert.Equal((long)value * value, StaticMath.Square(value));
        Assert.Equal((long)value * value, StaticMath.Square(value));
        Assert.Equal((long)value * value * value, await StaticMath.CubeAsync(value));
        Assert.Equal((long)value * value * value, await StaticMath.CubeAsync(value));

        Assert.Equal(before + 2, StaticMath.Calls.Count);
        Assert.True(StaticMath.Cache.TryGet<long>("Memoize.Methods.Tests.Subjects.StaticMath.Square:" + value, out long stored));
        Assert.Equal((long)value * value, stored);
    }

    [Fact]
    public void Nested_record_struct_and_global_namespace_types_are_memoized()
    {
        var inner = new Outer.Inner();
        Assert.Equal(5, inner.Length("hello"));
        Assert.Equal(5, inner.Length("hello"));
        Assert.Equal(1, inner.Calls.Count);

        var catalog = new Catalog("Spring");
        Assert.Equal("Spring p1", catalog.Title(1));
        Assert.Equal("Spring p1", catalog.Title(1));
        Assert.Equal(1, catalog.Calls.Count);

        int meterBefore = Meter.Calls.Count;
        double distance = Random.Shared.Next(1, 1_000_000);
        Assert.Equal(distance * 3.28084, new Meter().Convert(distance, Unit.Feet));
        Assert.Equal(distance * 3.28084, new Meter().Convert(distance, Unit.Feet));
        Assert.Equal(distance, new Meter().Convert(distance, Unit.Meters));
        Assert.Equal(meterBefore + 2, Meter.Calls.Count);

        string name = Guid.NewGuid().ToString();
        int greetBefore = GlobalGreeter.Calls.Count;
        Assert.Equal("hello " + name, GlobalGreeter.Greet(name));
        Assert.Equal("hello " + name, GlobalGreeter.Greet(name));
        Assert.Equal(greetBefore + 1, GlobalGreeter.Calls.Count);
    }

    [Fact]
    public void Arguments_containing_the_separator_never_share_a_key()
    {
        var service = new PriceService(_cache);

        Assert.Equal("a:b+c", service.Join("a:b", "c"));
        Assert.Equal("a+b:c", service.Join("a", "b:c"));
        Assert.Equal("a\"+\"b", service.Join("a\"", "\"b"));
        Assert.Equal("a\",\"+b", service.Join("a\",\"", "b"));

        Assert.Equal(4, service.Calls.Count);
    }

    [Fact]
    public void Null_and_empty_strings_are_different_keys()
    {
        var service = new PriceService(_cache);

        Assert.Equal("null+x", service.Join(null, "x"));
        Assert.Equal("+x", service.Join("", "x"));
        Assert.Equal("null+x", service.Join("null", "x"));
        Assert.Equal("null+x", service.Join(null, "x"));

        Assert.Equal(3, service.Calls.Count);
    }

    [Fact]
    public async Task Two_different_cancellation_tokens_share_one_entry()
    {
        var service = new PriceService(_cache);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        Assert.Equal("item x", await service.DescribeAsync("x", first.Token));
        Assert.Equal("item x", await service.DescribeAsync("x", second.Token));
        Assert.Equal(3, await service.StockAsync("abc", first.Token));
        Assert.Equal(3, await service.StockAsync("abc", second.Token));

        Assert.Equal(2, service.Calls.Count);
    }

    [Fact]
    public void Every_first_slice_key_type_distinguishes_its_values()
    {
        var kinds = new KeyKinds();
        var id = Guid.NewGuid();
        var utc = new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);
        var unspecified = DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
        var at = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var sameInstantOtherOffset = at.ToOffset(TimeSpan.FromHours(2));

        kinds.Describe(id, utc, at, 1, Unit.Feet, 'a', true);
        kinds.Describe(id, utc, at, 1, Unit.Feet, 'a', true);
        Assert.Equal(1, kinds.Calls.Count);

        kinds.Describe(Guid.NewGuid(), utc, at, 1, Unit.Feet, 'a', true);
        kinds.Describe(id, unspecified, at, 1, Unit.Feet, 'a', true);
        kinds.Describe(id, utc, sameInstantOtherOffset, 1, Unit.Feet, 'a', true);
        kinds.Describe(id, utc, at, null, Unit.Feet, 'a', true);
        kinds.Describe(id, utc, at, 0, Unit.Feet, 'a', true);
        kinds.Describe(id, utc, at, 1, null, 'a', true);
        kinds.Describe(id, utc, at, 1, Unit.Meters, 'a', true);
        kinds.Describe(id, utc, at, 1, Unit.Feet, 'b', true);
        kinds.Describe(id, utc, at, 1, Unit.Feet, 'a', false);
        Assert.Equal(10, kinds.Calls.Count);
    }

    [Fact]
    public void An_exception_is_not_cached_and_the_next_call_runs_core_again()
    {
        var service = new PriceService(_cache);

        var error = Assert.Throws<InvalidOperationException>(() => service.Fails(1));
        Assert.Equal("boom", error.Message);

        service.FailsImplementation = static attempt => "ok " + attempt;
        Assert.Equal("ok 1", service.Fails(1));
        Assert.Equal("ok 1", service.Fails(1));

        Assert.Equal(2, service.Calls.Count);
    }

    [Fact]
    public async Task An_async_exception_is_not_cached()
    {
        var service = new PriceService(_cache);

        await Assert.ThrowsAsync<NullReferenceException>(() => service.StockAsync(null!).AsTask());
        Assert.Equal(3, await service.StockAsync("abc"));
        Assert.Equal(2, service.Calls.Count);
    }

    [Fact]
    public void A_disabled_manager_calls_core_every_time()
    {
        var service = new PriceService(_cache);
        using (_cache.Disable())
        {
            service.GetPrice("x", 1);
            service.GetPrice("x", 1);
        }

        Assert.Equal(2, service.Calls.Count);
        service.GetPrice("x", 1);
        service.GetPrice("x", 1);
        Assert.Equal(3, service.Calls.Count);
    }

    [Fact]
    public void Entries_expire_after_the_attribute_ttl_on_the_manager_clock()
    {
        var clock = new ManualClock();
        var cache = new CacheManager(new CacheManagerOptions { TimeProvider = clock });
        var service = new PriceService(cache);

        service.GetPrice("x", 1);
        clock.Advance(TimeSpan.FromMinutes(29));
        service.GetPrice("x", 1);
        Assert.Equal(1, service.Calls.Count);

        clock.Advance(TimeSpan.FromMinutes(2));
        service.GetPrice("x", 1);
        Assert.Equal(2, service.Calls.Count);
    }

    [Fact]
    public void A_value_put_or_forgotten_through_the_string_api_is_seen_by_the_method()
    {
        var service = new PriceService(_cache);
        Assert.Equal(5m, service.GetPrice("ABC", 2));

        Assert.True(_cache.Forget("price:\"ABC\":2"));
        Assert.Equal(5m, service.GetPrice("ABC", 2));
        Assert.Equal(2, service.Calls.Count);

        _cache.Put("price:\"ABC\":2", 99m);
        Assert.Equal(99m, service.GetPrice("ABC", 2));

        _cache.Flush();
        Assert.Equal(5m, service.GetPrice("ABC", 2));
        Assert.Equal(3, service.Calls.Count);
    }

    [Fact]
    public async Task A_user_implemented_manager_is_used_through_its_interface()
    {
        ICacheManager manager = ForwardingManager.Create(_cache, out ForwardingManager forwarding);
        var service = new PriceService(manager);

        Assert.Equal(5m, service.GetPrice("ABC", 2));
        Assert.Equal(5m, service.GetPrice("ABC", 2));
        Assert.Equal("item a", await service.DescribeAsync("a"));
        Assert.Equal("item a", await service.DescribeAsync("a"));

        Assert.Equal(2, service.Calls.Count);
        Assert.True(forwarding.StoreLookups >= 4);
        Assert.True(_cache.TryGet<decimal>("price:\"ABC\":2", out decimal stored));
        Assert.Equal(5m, stored);
    }

    /// <summary>An application's own <see cref="ICacheManager"/>: forwards every member to a real manager and counts store lookups.</summary>
    public class ForwardingManager : System.Reflection.DispatchProxy
    {
        private ICacheManager _inner = null!;

        public int StoreLookups;

        public static ICacheManager Create(ICacheManager inner, out ForwardingManager proxy)
        {
            ICacheManager manager = Create<ICacheManager, ForwardingManager>();
            proxy = (ForwardingManager)(object)manager;
            proxy._inner = inner;
            return manager;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(ICacheManager.Cache))
            {
                Interlocked.Increment(ref StoreLookups);
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (System.Reflection.TargetInvocationException error) when (error.InnerException is not null)
            {
                throw error.InnerException;
            }
        }
    }
}
