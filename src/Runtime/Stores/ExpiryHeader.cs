using System;
using System.Buffers.Binary;

using Memoize.Stores;

namespace Memoize;

/// <summary>
/// The 8-byte expiry header of stores over caches that cannot report an entry's expiry (<see cref="DistributedCacheStore"/>,
/// <see cref="HybridCacheStore"/>): the expiry's UTC ticks, little-endian, zero for never, followed by the payload.
/// </summary>
internal static class ExpiryHeader
{
    private const int Length = sizeof(long);

    /// <summary>The payload with its expiry in front, as one array to hand to the cache.</summary>
    public static byte[] Prepend(ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt)
    {
        byte[] stored = new byte[Length + value.Length];
        BinaryPrimitives.WriteInt64LittleEndian(stored, expiresAt?.UtcTicks ?? 0);
        value.Span.CopyTo(stored.AsSpan(Length));
        return stored;
    }

    /// <summary>The payload and expiry of bytes written by <see cref="Prepend"/>; <see langword="null"/> for none or too few bytes.</summary>
    public static StoredValue? Read(byte[]? stored)
    {
        if (stored is null || stored.Length < Length)
        {
            return null;
        }

        long ticks = BinaryPrimitives.ReadInt64LittleEndian(stored);
        DateTimeOffset? expiresAt = ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        return new StoredValue(stored.AsMemory(Length), expiresAt);
    }
}
