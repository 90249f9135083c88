using System;
using System.Diagnostics.CodeAnalysis;

namespace Memoize;

// The memory store as the first level of a store with a shared second level (IFirstLevelCacheStore): the store keeps
// payload bytes here, and memoized methods replace them with their typed values.
internal sealed partial class MemoryEntryTable
{
    /// <summary>
    /// The payload bytes stored under <paramref name="key"/> through the string API, with their end; a typed value of a
    /// memoized method (even one returning a byte array) is not payload, and reads as absent.
    /// </summary>
    public bool TryGetBytes(string key, [NotNullWhen(true)] out byte[]? bytes, out DateTimeOffset? expiresAt)
    {
        if (TryGetKeptBytes(key, out MemoryEntry? entry, out bytes))
        {
            expiresAt = entry.FreshUntilTicks == long.MaxValue ? null : new DateTimeOffset(entry.FreshUntilTicks, TimeSpan.Zero);
            return true;
        }

        expiresAt = null;
        return false;
    }

    /// <summary>The live entry holding payload bytes under <paramref name="key"/>, recording the use.</summary>
    public bool TryGetKeptBytes(string key, [NotNullWhen(true)] out MemoryEntry? entry, [NotNullWhen(true)] out byte[]? bytes)
    {
        // Only an object entry holds what a store put; a memoized method's typed entry holds its result.
        if (TryGetEntry(key, out MemoryEntry? found) && found is ObjectMemoryEntry && found.Value is byte[] stored)
        {
            entry = found;
            bytes = stored;
            return true;
        }

        entry = null;
        bytes = null;
        return false;
    }

    /// <summary>
    /// Puts <paramref name="replacement"/> in the place of <paramref name="expected"/> if nothing removed or replaced
    /// <paramref name="expected"/> meanwhile; otherwise drops <paramref name="replacement"/>. The replacement must carry the
    /// generation of <paramref name="expected"/>, so a flush in between leaves it dead too.
    /// </summary>
    /// <remarks>
    /// One swap under the key's lock: a removal of the key before it leaves nothing to replace (the replacement is
    /// dropped), one after it removes the replacement. An entry stored under the key meanwhile is displaced and dropped
    /// with the replacement. A lost race costs a miss, never an outdated hit.
    /// </remarks>
    public bool TryReplace(MemoryEntry expected, MemoryEntry replacement)
    {
        Start(replacement);
        MemoryEntry? previous = _entries.AddOrReplace(replacement);
        if (ReferenceEquals(previous, expected))
        {
            Retire(expected);
            Stored(replacement);
            return true;
        }

        if (previous is not null)
        {
            Retire(previous);
        }

        _entries.TryRemove(replacement);
        Retire(replacement);
        return false;
    }
}
