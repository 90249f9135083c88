using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;
using Memoize.Testing;

namespace Memoize.Methods.Tests.Methods;

/// <summary>The memory hit path of <see cref="CachedMethod{TArgs,TResult}"/>, driven the way generated code drives it.</summary>
public class CachedMethodHitPathTests
{
    private static readonly KeyFormatter<(int, string)> Format = static (ref CacheKeyWriter writer, in (int, string) args) =>
    {
        writer.Write(args.Item1);
        writer.Write(args.Item2);
    };

    private int _computations;

    [Fact]
    public void A_hit_returns_the_stored_value_without_computing()
    {
        using var manager = new CacheManager();
        var method = NewMethod(TimeSpan.FromMinutes(1));

        Assert.Equal(47, Call(method, manager, 42, "alice"));
        Assert.Equal(47, Call(method, manager, 42, "alice"));
        Assert.Equal(1, _computations);
    }

    [Fact]
    public void Expiry_follows_the_managers_time_provider_to_the_tick()
    {
        var time = new FakeTimeProvider();
        using var manager = new CacheManager(new CacheManagerOptions { TimeProvider = time });
        var method = NewMethod(TimeSpan.FromSeconds(10));

        Call(method, manager, 1, "a");
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Call(method, manager, 1, "a");
        Assert.Equal(1, _computations);

        time.Advance(TimeSpan.FromTicks(1));
        Call(method, manager, 1, "a");
        Assert.Equal(2, _computations);
    }

    [Fact]
    public async Task Expiry_is_honoured_with_the_system_clock()
    {
        using var manager = new CacheManager();
        var method = NewMethod(TimeSpan.FromMilliseconds(100));

        Call(method, manager, 1, "a");
        Call(method, manager, 1, "a");
        Assert.Equal(1, _computations);

        // Well past the time to live plus the coarse clock's resolution (at most about 16 ms).
        await Task.Delay(250);
        Call(method, manager, 1, "a");
        Assert.Equal(2, _computations);
    }

    [Fact]
    public async Task A_task_hit_returns_the_same_completed_task_every_time()
    {
        using var manager = new CacheManager();
        var method = NewMethod(TimeSpan.FromMinutes(1));

        int first = await method.InvokeAsync(manager, (1, "a"), this, static (s, a, _) => Task.FromResult(s.Compute(a)), CancellationToken.None);
        Task<int> hit1 = method.InvokeAsync(manager, (1, "a"), this, static (s, a, _) => Task.FromResult(s.Compute(a)), CancellationToken.None);
        Task<int> hit2 = method.InvokeAsync(manager, (1, "a"), this, static (s, a, _) => Task.FromResult(s.Compute(a)), CancellationToken.None);

        Assert.Equal(2, first);
        Assert.True(hit1.IsCompletedSuccessfully);
        Assert.Same(hit1, hit2);
        Assert.Equal(1, _computations);
    }

    [Fact]
    public void A_disabled_manager_computes_even_when_a_value_is_stored()
    {
        using var manager = new CacheManager();
        var method = NewMethod(TimeSpan.FromMinutes(1));
        Call(method, manager, 1, "a");

        manager.Enabled = false;
        Call(method, manager, 1, "a");
        using (manager.Enable())
        {
            Call(method, manager, 1, "a");
        }

        Assert.Equal(2, _computations);
    }

    [Fact]
    public void Forget_flush_and_a_string_api_write_are_seen_by_the_next_hit()
    {
        using var manager = new CacheManager();
        var method = NewMethod(TimeSpan.FromMinutes(1));
        Call(method, manager, 1, "a");

        Assert.True(method.Forget(manager, (1, "a")));
        Assert.False(method.Forget(manager, (1, "a")));
        Call(method, manager, 1, "a");
        Assert.Equal(2, _computations);

        manager.Flush();
        Call(method, manager, 1, "a");
        Assert.Equal(3, _computations);

        manager.Put(method.BuildKey((1, "a")), 99);
        Assert.Equal(99, Call(method, manager, 1, "a"));
        Assert.Equal(3, _computations);
    }

    [Fact]
    public void Replacing_the_default_store_rebinds_the_method()
    {
        using var manager = new CacheManager();
        var method = NewMethod(TimeSpan.FromMinutes(1));
        Call(method, manager, 1, "a");

        manager.AddStore(CacheManager.MemoryStoreName, new MemoryCacheStore());
        Call(method, manager, 1, "a");
        Call(method, manager, 1, "a");

        Assert.Equal(2, _computations);
    }

    private static CachedMethod<(int, string), int> NewMethod(TimeSpan ttl) => new("test.compute", store: null, ttl, Format);

    private int Call(CachedMethod<(int, string), int> method, CacheManager manager, int id, string name)
        => method.Invoke(manager, (id, name), this, static (s, a) => s.Compute(a));

    private int Compute((int Id, string Name) args)
    {
        Interlocked.Increment(ref _computations);
        return args.Id + args.Name.Length;
    }
}
