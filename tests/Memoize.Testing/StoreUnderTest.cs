using System;
using System.Threading.Tasks;
using Memoize.Stores;

namespace Memoize.Testing;

/// <summary>
/// One store under test, per test: a fake clock, the store (created on first use) and a manager whose default store it
/// is. The store contracts derive from it; derive a test class per store and implement <see cref="CreateStore"/>.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class StoreUnderTest<TStore> : IAsyncLifetime
    where TStore : ICacheStore
{
    /// <summary>The name the store under test is registered under (and the manager's default store).</summary>
    protected const string SubjectName = "subject";

    private readonly object _creation = new();
    private TStore? _store;
    private CacheManager? _manager;

    /// <summary>
    /// The clock of the manager and the store. It starts at the real current time, so a store that hands lifetimes
    /// to a server (relative TTLs) gets sensible ones; tests then move it forward without sleeping.
    /// </summary>
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The store under test, created on first use (tests may first touch it from many threads at once).</summary>
    protected TStore Store
    {
        get
        {
            lock (_creation)
            {
                return _store ??= CreateStore(Clock);
            }
        }
    }

    /// <summary>A manager whose default store is <see cref="Store"/>, registered as <see cref="SubjectName"/>.</summary>
    protected CacheManager Manager
    {
        get
        {
            lock (_creation)
            {
                return _manager ??= new CacheManager(new CacheManagerOptions { TimeProvider = Clock, DefaultStore = SubjectName })
                    .AddStore(SubjectName, Store);
            }
        }
    }

    /// <summary>The cache operations on the store under test.</summary>
    protected ICache Cache => Manager.Cache(SubjectName);

    /// <summary>Creates a fresh, empty store (one per test).</summary>
    /// <param name="clock">The test's clock, for stores that take one.</param>
    /// <returns>The store.</returns>
    protected abstract TStore CreateStore(TimeProvider clock);

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (_store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
