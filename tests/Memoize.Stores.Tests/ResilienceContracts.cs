using System;
using System.Threading.Tasks;
using Memoize.Testing;

namespace Memoize.Stores.Tests;

/// <summary>Fail-safe, timeouts, eager refresh and jitter on the memory store (string API, and the typed index of memoized methods).</summary>
public sealed class MemoryResilienceTests : ResilienceContract<MemoryCacheStore>
{
    protected override MemoryCacheStore CreateStore(TimeProvider clock) => new(timeProvider: clock);
}

/// <summary>The resilience contract on a size-limited memory store, whose hits record use.</summary>
public sealed class SizeLimitedMemoryResilienceTests : ResilienceContract<MemoryCacheStore>
{
    protected override MemoryCacheStore CreateStore(TimeProvider clock) => new(new MemoryCacheStoreOptions { SizeLimit = 1000 }, clock);
}

/// <summary>The resilience contract on SQLite: the logical times travel in the payload.</summary>
public sealed class SqliteResilienceTests : ResilienceContract<SqliteCacheStore>
{
    protected override SqliteCacheStore CreateStore(TimeProvider clock) => new(timeProvider: clock);
}

/// <summary>The resilience contract on the file store.</summary>
public sealed class FileResilienceTests : ResilienceContract<FileCacheStore>
{
    private readonly TempDirectory _directory = new();

    protected override FileCacheStore CreateStore(TimeProvider clock) => new(new FileCacheStoreOptions { Directory = _directory.Path }, clock);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}

/// <summary>The resilience contract on a custom store that implements only the four raw operations.</summary>
public sealed class RawOnlyStoreResilienceTests : ResilienceContract<RawOnlyStore>
{
    protected override RawOnlyStore CreateStore(TimeProvider clock) => new();
}
