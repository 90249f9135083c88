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
        // Entries of memoized methods are subclasses; only a plain entry holds what a store put.
        if (TryGetEntry(key, out MemoryEntry? found) && found.GetType() == typeof(MemoryEntry) && found.Value is byte[] stored)
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
    /// Stored first, claimed second: a removal of the key that ran before the claim marked <paramref name="expected"/>
    /// removed (the claim fails), one that runs after finds the replacement. A lost race costs a miss, never a stale hit.
    /// </remarks>
    public bool TryReplace(MemoryEntry expected, MemoryEntry replacement)
    {
        Store(replacement);
        if (expected.MarkRemoved())
        {
            Unlink(expected);
            return true;
        }

        Unlink(replacement);
        replacement.MarkRemoved();
        if (_cache.TryGetValue(replacement.Key, out object? current) && ReferenceEquals(current, replacement))
        {
            _cache.Remove(replacement.Key);
        }

        return false;
    }
}
