using System;
using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Methods.Tests.Scopes;

/// <summary>Disable and Enable scopes: nesting, restoring, and following the flow of async code.</summary>
public sealed class EnabledScopeTests
{
    private readonly CacheManager _cache = new();

    [Fact]
    public void Scopes_nest_and_each_restores_the_state_before_it()
    {
        Assert.True(_cache.IsEnabled);
        using (_cache.Disable())
        {
            Assert.False(_cache.IsEnabled);
            using (_cache.Enable())
            {
                Assert.True(_cache.IsEnabled);
                using (_cache.Disable())
                {
                    Assert.False(_cache.IsEnabled);
                }

                Assert.True(_cache.IsEnabled);
            }

            Assert.False(_cache.IsEnabled);
        }

        Assert.True(_cache.IsEnabled);
    }

    [Fact]
    public async Task GetRequired_inside_a_disabled_scope_says_caching_is_disabled_not_that_the_key_is_missing()
    {
        _cache.Put("present", "v");
        _cache.Cache("memory").Put("named", "v");

        using (_cache.Disable())
        {
            var sync = Assert.Throws<NotInCacheException>(() => _cache.GetRequired<string>("present"));
            var async = await Assert.ThrowsAsync<NotInCacheException>(async () => await _cache.Cache("memory").GetRequiredAsync<string>("named"));

            Assert.Contains("disabled", sync.Message, StringComparison.Ordinal);
            Assert.Contains("disabled", async.Message, StringComparison.Ordinal);
            Assert.True(sync.CachingDisabled);
            Assert.Equal("named", async.Key);
        }

        var missing = Assert.Throws<NotInCacheException>(() => _cache.GetRequired<string>("absent"));
        Assert.DoesNotContain("disabled", missing.Message, StringComparison.Ordinal);
        Assert.False(missing.CachingDisabled);
    }

    [Fact]
    public async Task A_scope_flows_across_await_into_continuations_and_child_tasks()
    {
        using (_cache.Disable())
        {
            await Task.Yield();
            Assert.False(_cache.IsEnabled);
            Assert.False(await IsEnabledAfterLeavingTheContext(_cache));
            Assert.False(await Task.Run(() => _cache.IsEnabled));

            _cache.Put("k", "v");
            Assert.Equal(1, await _cache.RememberAsync("r", null, async _ => { await Task.Yield(); return 1; }));
        }

        Assert.True(_cache.IsEnabled);
        Assert.False(_cache.Has("k"));
        Assert.False(_cache.Has("r"));
    }

    private static async Task<bool> IsEnabledAfterLeavingTheContext(CacheManager cache)
    {
        await Task.Delay(1).ConfigureAwait(false);
        return cache.IsEnabled;
    }

    [Fact]
    public async Task A_scope_opened_inside_an_async_method_ends_with_it_and_does_not_leak_to_the_caller()
    {
        async Task DisabledWork()
        {
            _cache.Disable();
            await Task.Yield();
            Assert.False(_cache.IsEnabled);
        }

        await DisabledWork();

        Assert.True(_cache.IsEnabled);
    }

    [Fact]
    public async Task Concurrent_flows_do_not_see_each_others_scopes()
    {
        var disabledEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checkedOther = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        Task disabledFlow = Task.Run(async () =>
        {
            using (_cache.Disable())
            {
                disabledEntered.SetResult();
                await checkedOther.Task;
                Assert.False(_cache.IsEnabled);
            }
        });

        await disabledEntered.Task;
        bool seenElsewhere = await Task.Run(() => _cache.IsEnabled);
        checkedOther.SetResult();
        await disabledFlow;

        Assert.True(seenElsewhere);
    }

    [Fact]
    public void Disposing_an_outer_scope_restores_even_when_an_inner_one_was_left_open()
    {
        IDisposable outer = _cache.Disable();
        _cache.Enable();

        outer.Dispose();

        Assert.True(_cache.IsEnabled);
    }

    [Fact]
    public void A_manager_created_disabled_misses_until_a_scope_enables_it()
    {
        var cache = new CacheManager(new CacheManagerOptions { Enabled = false });
        cache.Put("k", "v");
        Assert.False(cache.Has("k"));

        using (cache.Enable())
        {
            cache.Put("k", "v");
            Assert.Equal("v", cache.Get<string>("k"));
        }

        Assert.False(cache.Has("k"));
        cache.Enabled = true;
        Assert.Equal("v", cache.Get<string>("k"));
    }
}
