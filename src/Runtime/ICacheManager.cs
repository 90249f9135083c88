using System;

namespace Memoize;

/// <summary>
/// Named cache stores with a default store, a default time to live, and scopes that switch caching off.
/// The operations of <see cref="ICache"/> act on the default store.
/// </summary>
public interface ICacheManager : ICache
{
    /// <summary>The cache operations on the store registered under <paramref name="name"/>; <see langword="null"/> for the default store.</summary>
    /// <param name="name">The store's name.</param>
    /// <returns>The cache of that store.</returns>
    /// <exception cref="ArgumentException">No store of that name is registered; the message lists those that are.</exception>
    ICache Cache(string? name = null);

    /// <summary>How long values are kept when no time to live is given (60 minutes unless configured).</summary>
    TimeSpan DefaultTtl { get; }

    /// <summary>
    /// Whether caching is on for the current flow of execution. While it is off, reads miss, nothing is written
    /// and memoized methods call their Core method directly.
    /// </summary>
    bool IsEnabled { get; }

    /// <summary>
    /// Switches caching off until the returned scope is disposed. Scopes nest, restore the previous state when
    /// disposed, and flow through <see langword="await"/> (they follow the <see cref="System.Threading.ExecutionContext"/>).
    /// </summary>
    /// <returns>The scope; dispose it to restore the previous state.</returns>
    IDisposable Disable();

    /// <summary>Switches caching on until the returned scope is disposed, even inside a <see cref="Disable"/> scope.</summary>
    /// <returns>The scope; dispose it to restore the previous state.</returns>
    IDisposable Enable();
}
