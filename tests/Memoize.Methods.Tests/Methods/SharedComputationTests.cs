using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Memoize.CompilerServices;
using Memoize.Testing;

namespace Memoize.Methods.Tests.Methods;

/// <summary>Concurrent callers of one missing key share one computation, whichever way they reach the cache.</summary>
public sealed class SharedComputationTests
{
    private static readonly KeyFormatter<ValueTuple<int>> Format = static (ref CacheKeyWriter writer, in ValueTuple<int> args) => writer.Write(args.Item1);

    public static TheoryData<bool, bool> UnlessAndSliding => new() { { true, false }, { false, true }, { true, true }, { false, false } };

    [Theory]
    [MemberData(nameof(UnlessAndSliding))]
    public async Task Through_a_manager_the_application_implements_concurrent_calls_compute_once(bool unless, bool sliding)
    {
        using var inner = new CacheManager();
        var manager = new ApplicationManager(inner);
        var method = new CachedMethod<ValueTuple<int>, int>("custom", store: null, TimeSpan.FromMinutes(1), Format, sliding);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int computed = 0;
        Func<TaskCompletionSource, int, bool>? skip = unless ? static (_, result) => result < 0 : null;

        Task<int>[] calls = Enumerable.Range(0, 8).Select(_ => Task.Run(() => method.InvokeAsync(manager, new ValueTuple<int>(5), gate, async (g, a, _) =>
        {
            Interlocked.Increment(ref computed);
            await g.Task;
            return a.Item1 * 2;
        }, CancellationToken.None, skip))).ToArray();
        await WaitUntil(() => Volatile.Read(ref computed) > 0);
        await Task.Delay(50);
        gate.SetResult();

        Assert.All(await Task.WhenAll(calls), r => Assert.Equal(10, r));
        Assert.Equal(1, computed);
        Assert.Equal(10, await method.InvokeAsync(manager, new ValueTuple<int>(5), gate, static (_, _, _) => Task.FromResult(-1), CancellationToken.None, skip));
    }

    [Theory]
    [InlineData(CacheManager.MemoryStoreName)]
    [InlineData("raw")]
    public async Task A_remember_and_a_memoized_call_of_the_same_key_compute_once(string store)
    {
        using var manager = new CacheManager(new CacheManagerOptions { DefaultStore = store }).AddStore("raw", new RawOnlyStore());
        var method = new CachedMethod<ValueTuple<int>, int>("shared", store: null, TimeSpan.FromMinutes(1), Format);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int computed = 0;
        async ValueTask<int> Compute()
        {
            Interlocked.Increment(ref computed);
            await gate.Task;
            return 42;
        }

        Task<int> memoized = Task.Run(() => method.InvokeAsync(manager, new ValueTuple<int>(1), 0, (_, _, _) => Compute().AsTask(), CancellationToken.None));
        Task<int> remembered = Task.Run(async () => await manager.RememberAsync(method.BuildKey(new ValueTuple<int>(1)), TimeSpan.FromMinutes(1), _ => Compute()));
        Task<int> rememberedSync = Task.Run(() => manager.Remember(method.BuildKey(new ValueTuple<int>(1)), TimeSpan.FromMinutes(1), () => Compute().AsTask().GetAwaiter().GetResult()));
        await WaitUntil(() => Volatile.Read(ref computed) > 0);
        await Task.Delay(100);
        gate.SetResult();

        int[] results = await Task.WhenAll(memoized, remembered, rememberedSync);
        Assert.Equal([42, 42, 42], results);
        Assert.Equal(1, computed);
    }

    [Fact]
    public async Task A_memoized_call_through_a_wrapping_manager_and_a_remember_on_the_wrapped_one_compute_once()
    {
        using var inner = new CacheManager();
        var manager = new ApplicationManager(inner);
        var method = new CachedMethod<ValueTuple<int>, int>("wrapped", store: null, TimeSpan.FromMinutes(1), Format);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int computed = 0;
        async ValueTask<int> Compute()
        {
            Interlocked.Increment(ref computed);
            await gate.Task;
            return 3;
        }

        Task<int> memoized = Task.Run(() => method.InvokeAsync(manager, new ValueTuple<int>(1), 0, (_, _, _) => Compute().AsTask(), CancellationToken.None));
        Task<int> remembered = Task.Run(async () => await inner.RememberAsync(method.BuildKey(new ValueTuple<int>(1)), TimeSpan.FromMinutes(1), _ => Compute()));
        await WaitUntil(() => Volatile.Read(ref computed) > 0);
        await Task.Delay(100);
        gate.SetResult();

        int[] results = await Task.WhenAll(memoized, remembered);
        Assert.Equal([3, 3], results);
        Assert.Equal(1, computed);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>A manager an application writes around its own: only the public interface reaches the cache.</summary>
    internal sealed class ApplicationManager(CacheManager inner) : ICacheManager
    {
        public string Name => "application";

        public TimeSpan DefaultTtl => inner.DefaultTtl;

        public bool IsEnabled => inner.IsEnabled;

        public ICache Cache(string? name = null) => inner.Cache(name);

        public IDisposable Disable() => inner.Disable();

        public IDisposable Enable() => inner.Enable();

        public bool TryGet<T>(string key, out T value) => inner.TryGet(key, out value);

        public ValueTask<CacheResult<T>> TryGetAsync<T>(string key, CancellationToken cancellationToken = default) => inner.TryGetAsync<T>(key, cancellationToken);

        public bool Has(string key) => inner.Has(key);

        public ValueTask<bool> HasAsync(string key, CancellationToken cancellationToken = default) => inner.HasAsync(key, cancellationToken);

        public void Put<T>(string key, T value, TimeSpan? ttl = null) => inner.Put(key, value, ttl);

        public ValueTask PutAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => inner.PutAsync(key, value, ttl, cancellationToken);

        public void Put<T>(string key, T value, DateTimeOffset expiresAt) => inner.Put(key, value, expiresAt);

        public ValueTask PutAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.PutAsync(key, value, expiresAt, cancellationToken);

        public bool Add<T>(string key, T value, TimeSpan? ttl = null) => inner.Add(key, value, ttl);

        public ValueTask<bool> AddAsync<T>(string key, T value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) => inner.AddAsync(key, value, ttl, cancellationToken);

        public bool Add<T>(string key, T value, DateTimeOffset expiresAt) => inner.Add(key, value, expiresAt);

        public ValueTask<bool> AddAsync<T>(string key, T value, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => inner.AddAsync(key, value, expiresAt, cancellationToken);

        public bool Forget(string key) => inner.Forget(key);

        public ValueTask<bool> ForgetAsync(string key, CancellationToken cancellationToken = default) => inner.ForgetAsync(key, cancellationToken);

        public bool TryPull<T>(string key, out T value) => inner.TryPull(key, out value);

        public ValueTask<CacheResult<T>> TryPullAsync<T>(string key, CancellationToken cancellationToken = default) => inner.TryPullAsync<T>(key, cancellationToken);

        public long Increment(string key, long by = 1) => inner.Increment(key, by);

        public ValueTask<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) => inner.IncrementAsync(key, by, cancellationToken);

        public T Remember<T>(string key, TimeSpan? ttl, Func<T> factory) => inner.Remember(key, ttl, factory);

        public ValueTask<T> RememberAsync<T>(string key, TimeSpan? ttl, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default) => inner.RememberAsync(key, ttl, factory, cancellationToken);

        public void Flush() => inner.Flush();

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public TaggedCache Tags(params string[] tags) => inner.Tags(tags);

        public ValueTask<long> CopyToAsync(ICache destination, CancellationToken cancellationToken = default) => inner.CopyToAsync(destination, cancellationToken);

        public ValueTask<long> PurgeExpiredAsync(CancellationToken cancellationToken = default) => inner.PurgeExpiredAsync(cancellationToken);
    }
}
