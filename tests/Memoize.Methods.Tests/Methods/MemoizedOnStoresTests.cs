using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;
using Memoize.Testing;

namespace Memoize.Methods.Tests.Methods;

/// <summary>Memoized methods (through the runtime half the generator targets) on byte stores and under scopes.</summary>
public sealed class MemoizedOnStoresTests
{
    private static readonly CachedMethod<ValueTuple<string>, string?> s_find =
        new("Users.Find", "sqlite", TimeSpan.FromHours(1), static (ref CacheKeyWriter writer, in ValueTuple<string> args) => writer.Write(args.Item1));

    private int _calls;

    private string? FindCore(string name)
    {
        Interlocked.Increment(ref _calls);
        return name == "nobody" ? null : name.ToUpperInvariant();
    }

    private string? Find(CacheManager cache, string name) => s_find.Invoke(cache, new ValueTuple<string>(name), this, static (self, args) => self.FindCore(args.Item1));

    [Fact]
    public void A_method_that_returns_null_on_a_byte_store_is_called_once()
    {
        using var cache = new CacheManager().AddSqliteStore("sqlite");

        Assert.Null(Find(cache, "nobody"));
        Assert.Null(Find(cache, "nobody"));
        Assert.Equal("ADA", Find(cache, "ada"));
        Assert.Equal("ADA", Find(cache, "ada"));

        Assert.Equal(2, _calls);
        Assert.True(cache.Cache("sqlite").Has("Users.Find:\"nobody\""));
    }

    [Fact]
    public async Task While_disabled_a_memoized_method_calls_its_core_every_time_even_after_await()
    {
        using var cache = new CacheManager().AddSqliteStore("sqlite");
        Find(cache, "ada");

        using (cache.Disable())
        {
            await Task.Yield();
            Find(cache, "ada");
            Find(cache, "ada");
            Find(cache, "bob");
        }

        Assert.Equal(4, _calls);
        Assert.False(cache.Cache("sqlite").Has("Users.Find:\"bob\""));
        Find(cache, "ada");
        Assert.Equal(4, _calls);
    }

    [Fact]
    public void A_memoized_value_expires_with_its_time_to_live_on_a_byte_store()
    {
        var clock = new FakeTimeProvider();
        using var cache = new CacheManager(new CacheManagerOptions { TimeProvider = clock }).AddSqliteStore("sqlite");

        Find(cache, "ada");
        clock.Advance(TimeSpan.FromSeconds(3599));
        Find(cache, "ada");
        clock.Advance(TimeSpan.FromSeconds(2));
        Find(cache, "ada");

        Assert.Equal(2, _calls);
    }
}
