using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize.Stores.Tests;

/// <summary>A failing store never fails a remembered or memoized call; direct operations report the failure.</summary>
public sealed class StoreFailureTests
{
    private readonly CacheManager _cache = new CacheManager().AddStore("broken", new BrokenStore());

    [Fact]
    public async Task Remember_computes_through_a_failing_store_and_counts_each_failure()
    {
        ICache broken = _cache.Cache("broken");
        int calls = 0;

        Assert.Equal(1, broken.Remember("k", null, () => ++calls));
        long perCall = _cache.StoreFailures;
        Assert.Equal(2, await broken.RememberAsync("k", null, _ => new ValueTask<int>(++calls)));
        Assert.Equal("v", broken.GetOrSet("g", "v"));

        Assert.True(perCall >= 2, "both the failed read and the failed write are counted");
        Assert.Equal(3 * perCall, _cache.StoreFailures);
    }

    [Fact]
    public void Direct_operations_report_the_stores_failure_to_the_caller()
    {
        ICache broken = _cache.Cache("broken");

        Assert.Throws<IOException>(() => broken.Put("k", 1));
        Assert.Throws<IOException>(() => broken.Get<int>("k"));
        Assert.Equal(0, _cache.StoreFailures);
    }

    private sealed class BrokenStore : ICacheStore
    {
        public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default) => throw new IOException("disk gone");

        public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) => throw new IOException("disk gone");

        public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => throw new IOException("disk gone");

        public ValueTask ClearAsync(CancellationToken cancellationToken = default) => throw new IOException("disk gone");
    }
}
