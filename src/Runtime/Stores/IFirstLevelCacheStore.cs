namespace Memoize.Stores;

/// <summary>
/// A store with a first level in process memory in front of a shared one (the Redis layered store). Memoized methods
/// keep the values they read from or write to such a store as live objects in <see cref="FirstLevel"/>, so a warm call
/// is a lookup of the method's typed index, as on <see cref="MemoryCacheStore"/>: no bytes to deserialize, nothing
/// allocated.
/// </summary>
/// <remarks>
/// <para>What the store promises, which is all memoized methods rely on:</para>
/// <list type="bullet">
/// <item><description>A value it reads or writes and may serve again from memory is kept in <see cref="FirstLevel"/> as a
/// <see cref="byte"/> array under its key (<see cref="MemoryCacheStore.SetObject"/>), expiring when the first level must
/// stop serving it.</description></item>
/// <item><description>Whenever that value may have changed (a change or removal in this process or another, a reconnection),
/// the store removes the key from <see cref="FirstLevel"/> or clears it; when the news comes from elsewhere it first
/// changes <see cref="FirstLevelVersion"/>.</description></item>
/// <item><description>Its byte reads treat an entry of <see cref="FirstLevel"/> that is not such an array as absent from
/// memory (<see cref="MemoryCacheStore.GetAsync"/> does).</description></item>
/// </list>
/// <para>
/// A memoized method replaces the byte array it just read or wrote with its typed value, under the same key and with the
/// same end, only while the array is still there and <see cref="FirstLevelVersion"/> has not changed since before the
/// read or write. Whatever removes the key afterwards removes the typed value too, and a byte read of the key reads the
/// shared level (and keeps its bytes in memory again). Methods with sliding expiry are not kept this way: each hit must
/// extend the entry in the shared level.
/// </para>
/// </remarks>
public interface IFirstLevelCacheStore : ICacheStore
{
    /// <summary>The first level: process memory in front of the shared level.</summary>
    MemoryCacheStore FirstLevel { get; }

    /// <summary>
    /// Changes before the store removes entries from <see cref="FirstLevel"/> because of news from elsewhere (another
    /// process's change, a lost connection). Read before reading or writing the shared level: when it differs afterwards,
    /// what was read or written may already be outdated and must not be kept in memory.
    /// </summary>
    long FirstLevelVersion { get; }
}
