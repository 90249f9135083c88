using System.Threading;
using System.Threading.Tasks;

namespace Memoize.Stores;

/// <summary>
/// Optional: a store that can check at application start-up that its backend accepts its configuration (a server
/// that takes its credentials, a database that exists), so a wrong setting stops the application at once instead of
/// leaving every memoized call computing for ever. <see cref="CacheManager.ValidateStoresAsync"/> calls it, and so
/// does the host at start-up when Memoize is registered with <c>AddMemoize</c>.
/// </summary>
public interface IValidatingCacheStore : ICacheStore
{
    /// <summary>
    /// Checks now that the backend accepts this store's configuration. A backend that cannot be reached is not a
    /// configuration error: the store reports the outage as it would for any call and returns, and memoized calls
    /// compute their values until the backend is back.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the check is done.</returns>
    /// <exception cref="MemoizeConfigurationException">The backend was reached and refused the configuration; the message says which setting to check and never contains a secret.</exception>
    ValueTask ValidateAsync(CancellationToken cancellationToken = default);
}
