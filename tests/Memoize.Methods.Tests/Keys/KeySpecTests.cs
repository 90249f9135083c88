using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Memoize.Methods.Tests.Subjects;
using Memoize.Methods.Tests.Support;

namespace Memoize.Methods.Tests.Keys;

/// <summary>Every kind of key argument and attribute option, through generated methods.</summary>
public sealed class KeySpecTests
{
    private readonly ManualClock _clock = new();
    private readonly CacheManager _cache;
    private readonly CatalogService _service;

    public KeySpecTests()
    {
        _cache = new CacheManager(new CacheManagerOptions { TimeProvider = _clock });
        _service = new CatalogService(_cache);
    }

    [Fact]
    public void Arrays_are_keyed_by_their_elements_not_their_identity()
    {
        Assert.Equal(6, _service.Sum([1, 2, 3]));
        Assert.Equal(6, _service.Sum([1, 2, 3]));
        Assert.Equal(6, _service.Sum([3, 2, 1]));
        Assert.Equal(6, _service.Sum([6]));

        Assert.Equal(3, _service.Calls.Count);
    }

    [Fact]
    public void Dictionary_order_does_not_matter_but_contents_do()
    {
        var names = new List<string> { "a", "b" };
        var first = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };
        var sameEntriesOtherOrder = new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 };
        var otherWeight = new Dictionary<string, int> { ["a"] = 1, ["b"] = 3 };

        Assert.Equal(3, _service.Weigh(names, first));
        Assert.Equal(3, _service.Weigh(new List<string> { "a", "b" }, sameEntriesOtherOrder));
        Assert.Equal(4, _service.Weigh(names, otherWeight));

        Assert.Equal(2, _service.Calls.Count);
    }

    [Fact]
    public void Records_and_plain_classes_are_keyed_member_by_member()
    {
        Assert.Equal("Oslo 150", _service.Locate(new Address("Oslo", 150)));
        Assert.Equal("Oslo 150", _service.Locate(new Address("Oslo", 150)));
        Assert.Equal("Oslo 151", _service.Locate(new Address("Oslo", 151)));
        _service.Locate(new Address("Oslo", 150, ["c/o Nansen"]));
        Assert.Equal(3, _service.Calls.Count);

        Assert.Equal("x", _service.Search(new Filter { Text = "x", Pages = [1] }));
        Assert.Equal("x", _service.Search(new Filter { Text = "x", Pages = [1] }));
        _service.Search(new Filter { Text = "x", Pages = [2] });
        _service.Search(null);
        _service.Search(null);
        Assert.Equal(6, _service.Calls.Count);
    }

    [Fact]
    public void An_ICacheKey_argument_is_keyed_by_its_own_text()
    {
        _service.Near(new Coordinates(59.9139, 10.7522));
        _service.Near(new Coordinates(59.91391, 10.75221)); // same text at 3 decimals
        _service.Near(new Coordinates(60, 10));

        Assert.Equal(2, _service.Calls.Count);
    }

    [Fact]
    public void Params_arguments_are_keyed_by_their_elements()
    {
        Assert.Equal(6, _service.Total(1, 2, 3));
        Assert.Equal(6, _service.Total(1, 2, 3));
        Assert.Equal(0, _service.Total());

        Assert.Equal(2, _service.Calls.Count);
    }

    [Fact]
    public void Generic_methods_key_by_type_argument_and_generic_types_by_their_closed_type()
    {
        _service.Create<List<int>>(1);
        _service.Create<List<int>>(1);
        _service.Create<Widget>(1);
        Assert.Equal(2, _service.Calls.Count);

        int before = Box<int>.Calls.Count;
        Assert.Equal("Int321", Box<int>.Describe(1));
        Assert.Equal("Int321", Box<int>.Describe(1));
        Assert.Equal(before + 1, Box<int>.Calls.Count);
        Assert.Equal("String1", Box<string>.Describe(1));
        Assert.Equal(1, Box<string>.Calls.Count);
        Assert.NotEqual(Box<int>.DescribeCacheKey(1), Box<string>.DescribeCacheKey(1));
        Assert.Equal("Memoize.Methods.Tests.Subjects.Box<System.Int32>.Describe:1", Box<int>.DescribeCacheKey(1));
    }

    [Fact]
    public void Overloads_never_share_keys()
    {
        Assert.Equal("int 7", _service.Pick(7));
        Assert.Equal("long 7", _service.Pick(7L));
        Assert.NotEqual(CatalogService.PickCacheKey(7), CatalogService.PickCacheKey(7L));
        Assert.Equal(2, _service.Calls.Count);
    }

    [Fact]
    public void Optional_parameters_and_keyword_names_are_part_of_the_key()
    {
        Assert.Equal("1x", _service.Optional(1));
        Assert.Equal("1x", _service.Optional(1, "x"));
        Assert.Equal("1y", _service.Optional(1, "y"));
        Assert.Equal("e2", _service.Keyword(2, "e"));
        Assert.Equal(3, _service.Calls.Count);
    }

    [Fact]
    public void A_sensitive_argument_never_appears_in_the_key()
    {
        const string ssn = "123-45-6789";
        string key = CatalogService.MaskCacheKey(ssn, 2026);

        Assert.DoesNotContain(ssn, key, StringComparison.Ordinal);
        Assert.Contains(":#", key, StringComparison.Ordinal);
        Assert.EndsWith(":2026", key, StringComparison.Ordinal);
        Assert.NotEqual(key, CatalogService.MaskCacheKey("123-45-6780", 2026));

        Assert.Equal("***-**-6789/2026", _service.Mask(ssn, 2026));
        Assert.Equal("***-**-6789/2026", _service.Mask(ssn, 2026));
        Assert.Equal(1, _service.Calls.Count);
        Assert.True(_cache.TryGet(key, out string? stored));
        Assert.Equal("***-**-6789/2026", stored);
    }

    [Fact]
    public void A_sliding_entry_lives_while_it_is_used_and_expires_after_going_unused()
    {
        _service.Slide(1);
        for (int i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(8)); // 24 minutes in all: more than the 10-minute TTL
            _service.Slide(1);
        }

        Assert.Equal(1, _service.Calls.Count);

        _clock.Advance(TimeSpan.FromMinutes(11));
        _service.Slide(1);
        Assert.Equal(2, _service.Calls.Count);
    }

    [Fact]
    public void Unless_keeps_rejected_results_out_of_the_cache_but_returns_them()
    {
        Assert.Null(_service.FindName("nobody"));
        Assert.Null(_service.FindName("nobody"));
        Assert.Equal(2, _service.Calls.Count);

        Assert.Equal("ada", _service.FindName("ada@example.org"));
        Assert.Equal("ada", _service.FindName("ada@example.org"));
        Assert.Equal(3, _service.Calls.Count);
    }

    [Fact]
    public async Task An_invalidating_method_forgets_exactly_the_entry_of_its_arguments()
    {
        User? first = await _service.GetUserAsync(1);
        User? second = await _service.GetUserAsync(2);
        Assert.Same(first, await _service.GetUserAsync(1));

        await _service.ForgetUserAsync(1);

        User? refreshed = await _service.GetUserAsync(1);
        Assert.NotSame(first, refreshed);
        Assert.Same(second, await _service.GetUserAsync(2));
        Assert.Equal(3, _service.Calls.Count);
    }

    [Fact]
    public async Task An_invalidating_method_with_several_targets_forgets_each_and_reports_whether_any_existed()
    {
        await _service.GetUserAsync(5);
        string profile = _service.Profile(5);

        Assert.True(_service.ForgetEverything(5));
        Assert.False(_service.ForgetEverything(5));

        Assert.NotEqual(profile, _service.Profile(5));
        await _service.GetUserAsync(5);
        Assert.Equal(4, _service.Calls.Count);
    }

    [Fact]
    public void A_key_longer_than_the_managers_limit_is_stored_hashed()
    {
        var cache = new CacheManager(new CacheManagerOptions { MaxKeyLength = 100 });
        var service = new CatalogService(cache);
        var longFilter = new Filter { Text = new string('x', 150), Pages = [1] };

        service.Search(longFilter);
        service.Search(new Filter { Text = new string('x', 150), Pages = [1] });
        Assert.Equal(1, service.Calls.Count);

        string clearKey = CatalogService.SearchCacheKey(longFilter);
        Assert.InRange(clearKey.Length, 101, 250);
        Assert.DoesNotContain(":#", clearKey, StringComparison.Ordinal);
        Assert.False(cache.TryGet(clearKey, out string? _), "with a limit of 100 the entry is stored under the hashed key, not the clear one");
    }

    [Fact]
    public void The_key_builder_gives_the_key_the_method_uses()
    {
        string key = CatalogService.ProfileCacheKey(9);
        Assert.Equal("Memoize.Methods.Tests.Subjects.CatalogService.Profile:9", key);

        string value = _service.Profile(9);
        Assert.True(_cache.TryGet(key, out string? stored));
        Assert.Equal(value, stored);
    }
}
