using System.Collections.Generic;
using System.Threading;

namespace Memoize.Stores;

/// <summary>Optional: a store that can list its live entries, for copying a cache into another store.</summary>
public interface IEnumerableCacheStore : ICacheStore
{
    /// <summary>Every live entry of this store (under its own prefix only), with its expiry.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The fully prefixed keys with their bytes.</returns>
    IAsyncEnumerable<KeyValuePair<string, StoredValue>> EnumerateAsync(CancellationToken cancellationToken = default);
}
