using System;
using System.Collections.Generic;
using Memoize.Testing;

namespace Memoize.Stores.Tests.Serialization;

/// <summary>
/// The metadata the default serializer uses where reflection-based serialization is off (Native AOT and trimmed
/// applications): here it is given explicitly, since reflection is on in the test process.
/// </summary>
public sealed class BuiltInJsonContextTests
{
    private readonly ICache _cache = new CacheManager(new CacheManagerOptions { Serializer = new JsonCacheSerializer(BuiltInJsonContext.Default) })
        .AddStore("raw", new RawOnlyStore())
        .Cache("raw");

    [Fact]
    public void Common_types_round_trip_through_a_byte_store_without_reflection()
    {
        var when = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2));
        Guid id = Guid.NewGuid();

        _cache.Put("string", "text");
        _cache.Put("decimal", 1.25m);
        _cache.Put("nullable", (int?)null);
        _cache.Put("guid", id);
        _cache.Put("when", when);
        _cache.Put("day", new DateOnly(2026, 3, 1));
        _cache.Put("factors", new long[] { 5, 7, 13, 29 });
        _cache.Put("names", new List<string> { "Ada", "Grace" });
        _cache.Put("counts", new Dictionary<string, int> { ["a"] = 1 });

        Assert.Equal("text", _cache.GetRequired<string>("string"));
        Assert.Equal(1.25m, _cache.GetRequired<decimal>("decimal"));
        Assert.True(_cache.TryGet("nullable", out int? nothing) && nothing is null);
        Assert.Equal(id, _cache.GetRequired<Guid>("guid"));
        Assert.Equal(when, _cache.GetRequired<DateTimeOffset>("when"));
        Assert.Equal(new DateOnly(2026, 3, 1), _cache.GetRequired<DateOnly>("day"));
        Assert.Equal([5L, 7, 13, 29], _cache.GetRequired<long[]>("factors"));
        Assert.Equal(["Ada", "Grace"], _cache.GetRequired<List<string>>("names"));
        Assert.Equal(1, _cache.GetRequired<Dictionary<string, int>>("counts")["a"]);
    }

    [Fact]
    public void A_type_of_the_applications_own_fails_naming_it_so_a_context_can_be_added()
    {
        var error = Assert.Throws<NotSupportedException>(() => _cache.Put("uri", new Uri("https://example.org")));

        Assert.Contains("Uri", error.Message, StringComparison.Ordinal);
    }
}
