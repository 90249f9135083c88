using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize.Testing;

/// <summary>
/// The behaviour every store shows, including one that keeps nothing (the null store): misses, lifetimes that are
/// already over, disabled scopes, and clear errors for bad input. <see cref="CacheStoreContract{TStore}"/> adds
/// everything a store that keeps values must do. Derive a test class per store and implement <see cref="CreateStore"/>.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class CacheStoreBasicContract<TStore> : StoreUnderTest<TStore>
    where TStore : ICacheStore
{
    [StoreFact]
    public async Task A_missing_key_misses_everywhere()
    {
        Assert.False(Cache.TryGet("missing", out string _));
        Assert.False((await Cache.TryGetAsync<string>("missing")).Found);
        Assert.Null(Cache.Get<string>("missing"));
        Assert.Null(await Cache.GetAsync<string>("missing"));
        Assert.Equal(0, Cache.Get<int>("missing"));
        Assert.False(Cache.Has("missing"));
        Assert.False(await Cache.HasAsync("missing"));
    }

    [StoreFact]
    public async Task Get_with_a_default_returns_the_default_on_a_miss_and_stores_nothing()
    {
        Assert.Equal("fallback", Cache.Get("missing", "fallback"));
        Assert.Equal(7, await Cache.GetAsync("missing", 7));
        Assert.False(Cache.Has("missing"));
    }

    [StoreFact]
    public async Task Get_with_a_default_factory_runs_it_on_a_miss_and_stores_nothing()
    {
        int calls = 0;

        Assert.Equal("made", Cache.Get("missing", () => { calls++; return "made"; }));
        Assert.Equal("made", await Cache.GetAsync("missing", _ => { calls++; return new ValueTask<string>("made"); }));

        Assert.Equal(2, calls);
        Assert.False(Cache.Has("missing"));
    }

    [StoreFact]
    public async Task The_strict_get_throws_NotInCacheException_naming_the_key_and_store()
    {
        var error = Assert.Throws<NotInCacheException>(() => Cache.GetRequired<string>("absent-key"));
        await Assert.ThrowsAsync<NotInCacheException>(() => Cache.GetRequiredAsync<string>("absent-key").AsTask());

        Assert.Equal("absent-key", error.Key);
        Assert.Contains("'absent-key'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{SubjectName}'", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Forget_and_pull_of_a_missing_key_report_nothing_was_there()
    {
        Assert.False(Cache.Forget("missing"));
        Assert.False(await Cache.ForgetAsync("missing"));
        Assert.Null(Cache.Pull<string>("missing"));
        Assert.False(Cache.TryPull("missing", out int _));
        Assert.False((await Cache.TryPullAsync<int>("missing")).Found);
    }

    [StoreFact]
    public async Task Increment_of_a_missing_key_starts_from_zero()
    {
        Assert.Equal(5, Cache.Increment("fresh-up", 5));
        Assert.Equal(-3, await Cache.DecrementAsync("fresh-down", 3));
    }

    [StoreFact]
    public async Task A_lifetime_that_is_already_over_stores_nothing()
    {
        Cache.Put("zero", "v", TimeSpan.Zero);
        Cache.Put("negative", "v", TimeSpan.FromMinutes(-5));
        Cache.Put("minutes", "v", 0);
        Cache.Put("past", "v", Clock.GetUtcNow().AddSeconds(-1));
        await Cache.PutAsync("now", "v", Clock.GetUtcNow());

        Assert.False(Cache.Has("zero"));
        Assert.False(Cache.Has("negative"));
        Assert.False(Cache.Has("minutes"));
        Assert.False(Cache.Has("past"));
        Assert.False(Cache.Has("now"));
        Assert.False(Cache.Add("add-past", "v", Clock.GetUtcNow().AddDays(-1)));
    }

    [StoreFact]
    public async Task Remember_returns_what_the_factory_computes()
    {
        Assert.Equal(42, Cache.Remember("answer", TimeSpan.FromMinutes(1), () => 42));
        Assert.Equal("text", await Cache.RememberAsync("text", null, _ => new ValueTask<string>("text")));
    }

    [StoreFact]
    public async Task While_disabled_nothing_is_written_and_remember_computes_every_time()
    {
        int calls = 0;
        using (Manager.Disable())
        {
            Cache.Put("k", "v");
            Assert.False(Cache.Add("added", "v"));
            Assert.Equal(1, Cache.Remember("r", null, () => ++calls));
            Assert.Equal(2, await Cache.RememberAsync("r", null, _ => new ValueTask<int>(++calls)));
            Assert.Equal(4, Cache.Increment("counter", 4));
        }

        Assert.False(Cache.Has("k"));
        Assert.False(Cache.Has("added"));
        Assert.False(Cache.Has("r"));
        Assert.False(Cache.Has("counter"));
    }

    [StoreFact]
    public async Task Bad_input_fails_with_an_exception_naming_the_problem()
    {
        Assert.Throws<ArgumentNullException>("key", () => Cache.Put<string>(null!, "v"));
        var empty = Assert.Throws<ArgumentException>("key", () => Cache.TryGet("", out string _));
        Assert.Contains("must not be empty", empty.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>("factory", () => Cache.RememberAsync<int>("k", null, null!).AsTask());
        Assert.Throws<ArgumentNullException>("defaultFactory", () => Cache.Get("k", (Func<int>)null!));
        var noTags = Assert.Throws<ArgumentException>("tags", () => Cache.Tags());
        Assert.Contains("at least one tag", noTags.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("tags", () => Cache.Tags("users", ""));
        Assert.Throws<ArgumentOutOfRangeException>("by", () => Cache.Decrement("k", long.MinValue));
        var self = await Assert.ThrowsAsync<ArgumentException>("destination", () => Cache.CopyToAsync(Cache).AsTask());
        Assert.Contains("into itself", self.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>("destination", () => Cache.CopyToAsync(null!).AsTask());
    }

    [StoreFact]
    public async Task A_canceled_remember_throws_and_stores_nothing()
    {
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Cache.RememberAsync("k", null, ct =>
        {
            ct.ThrowIfCancellationRequested();
            return new ValueTask<int>(1);
        }, canceled.Token).AsTask());

        Assert.False(Cache.Has("k"));
    }
}
