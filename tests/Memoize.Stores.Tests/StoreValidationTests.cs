using System;
using System.Threading;
using System.Threading.Tasks;
using Memoize.Stores;
using Memoize.Testing;

namespace Memoize.Stores.Tests;

/// <summary><see cref="CacheManager.ValidateStoresAsync"/>: what an application's start-up learns from stores that check their configuration.</summary>
public sealed class StoreValidationTests
{
    [Fact]
    public async Task Every_refusing_store_is_reported_by_name_in_one_error_and_stores_that_cannot_check_are_left_alone()
    {
        var cache = new CacheManager()
            .AddStore("plain", new RawOnlyStore())
            .AddStore("sessions", new CheckedStore(new MemoizeConfigurationException("Server A rejected the password.")))
            .AddStore("fine", new CheckedStore(null))
            .AddStore("prices", new CheckedStore(new MemoizeConfigurationException("Server B has no database 99.")));

        MemoizeConfigurationException refused = await Assert.ThrowsAsync<MemoizeConfigurationException>(() => cache.ValidateStoresAsync());

        Assert.Equal(
            "2 cache stores refused their configuration:" + Environment.NewLine
            + "- Cache store 'prices': Server B has no database 99." + Environment.NewLine
            + "- Cache store 'sessions': Server A rejected the password.",
            refused.Message);
    }

    [Fact]
    public async Task One_refusing_store_is_reported_with_its_name_and_a_store_that_fails_otherwise_is_not_passed_off_as_configuration()
    {
        var refusing = new CacheManager().AddStore("sessions", new CheckedStore(new MemoizeConfigurationException("Server A rejected the password.")));
        MemoizeConfigurationException refused = await Assert.ThrowsAsync<MemoizeConfigurationException>(() => refusing.ValidateStoresAsync());
        Assert.Equal("Cache store 'sessions': Server A rejected the password.", refused.Message);

        var broken = new CacheManager().AddStore("buggy", new CheckedStore(new InvalidOperationException("bug")));
        Assert.Equal("bug", (await Assert.ThrowsAsync<InvalidOperationException>(() => broken.ValidateStoresAsync())).Message);

        await new CacheManager().AddStore("fine", new CheckedStore(null)).ValidateStoresAsync();
    }

    /// <summary>A store that keeps nothing and whose start-up check fails with the given exception, or passes.</summary>
    private sealed class CheckedStore(Exception? failure) : IValidatingCacheStore
    {
        public async ValueTask ValidateAsync(CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (failure is not null)
            {
                throw failure;
            }
        }

        public ValueTask<StoredValue?> GetAsync(string key, CancellationToken cancellationToken = default) => new((StoredValue?)null);

        public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) => default;

        public ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default) => new(false);

        public ValueTask ClearAsync(CancellationToken cancellationToken = default) => default;
    }
}
