using System;

namespace Memoize.Stores;

/// <summary>
/// The layout of the bytes the cache hands to byte stores. Store authors never need to parse it; it is public so
/// tools and tests can recognise cache payloads.
/// </summary>
/// <remarks>
/// <para>A payload is <see cref="Magic"/> (3 bytes), the format <see cref="Version"/> (1 byte), a compression
/// byte (<see cref="CacheCompression"/>), the shape fingerprint of the value's type (4 bytes, little-endian), then the
/// serializer's bytes, compressed when the compression byte says so. A read as a type of another shape (another type,
/// or another version of the type with other members) is a miss.</para>
/// <para>Version 3 (<see cref="TimedVersion"/>) is written for entries that carry more than their store expiry
/// (<see cref="RememberOptions.FailSafeMinutes"/>, <see cref="RememberOptions.EagerRefresh"/>,
/// <see cref="RememberOptions.JitterSeconds"/> with fail-safe): the version 2 header followed by the entry's fresh end
/// and its refresh moment, each as UTC ticks (8 bytes, little-endian, <see cref="long.MaxValue"/> for none), then the
/// serializer's bytes; <see cref="TimedHeaderLength"/> bytes before them. The store's expiry is then the entry's
/// physical end (fresh end plus the fail-safe margin). A version 2 payload is fresh until the store's expiry.</para>
/// <para>Version 1 payloads (no shape fingerprint, written before it existed) read as a miss and are replaced by the
/// next write.</para>
/// <para>Integers (<see cref="long"/>, <see cref="int"/> and the other integral types) are instead stored as bare
/// ASCII decimal text such as <c>42</c> or <c>-7</c>, so that counters work with a store's native increment
/// (Redis <c>INCRBY</c>, an SQL update). Any other bytes are not a cache payload: reading them is a miss.</para>
/// </remarks>
public static class CachePayloadFormat
{
    /// <summary>The format version written by this library for entries whose store expiry says everything. Payloads of versions other than this and <see cref="TimedVersion"/> read as a miss.</summary>
    public const byte Version = 2;

    /// <summary>The format version of payloads that carry their fresh end and refresh moment (see the remarks).</summary>
    public const byte TimedVersion = 3;

    /// <summary>The length of the header of a <see cref="TimedVersion"/> payload before the serializer's bytes.</summary>
    public const int TimedHeaderLength = HeaderLength + 16;

    /// <summary>The bytes every non-integer payload starts with: <c>CA CE 4D</c>.</summary>
    public static ReadOnlySpan<byte> Magic => [0xCA, 0xCE, 0x4D];

    /// <summary>The length of the header before the serializer's bytes.</summary>
    public const int HeaderLength = 9;

    /// <summary>Whether <paramref name="bytes"/> start with a header of this format (of any version).</summary>
    /// <param name="bytes">Bytes read from a store.</param>
    /// <returns><see langword="true"/> when the bytes start with <see cref="Magic"/>.</returns>
    public static bool HasHeader(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    /// <summary>The shape fingerprint of a payload of this <see cref="Version"/> (at least <see cref="HeaderLength"/> bytes).</summary>
    internal static uint ReadShape(ReadOnlySpan<byte> bytes) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[5..]);

    /// <summary>
    /// The fresh end and refresh moment (UTC ticks, <see cref="long.MaxValue"/> for none) of a <see cref="TimedVersion"/>
    /// payload; <see langword="false"/> for any other bytes, which are fresh until the store's expiry.
    /// </summary>
    /// <param name="bytes">Bytes read from a store.</param>
    /// <param name="freshUntilTicks">When the entry stops being fresh.</param>
    /// <param name="refreshAtTicks">When a hit starts a background refresh.</param>
    /// <returns><see langword="true"/> for a timed payload.</returns>
    public static bool TryReadTiming(ReadOnlySpan<byte> bytes, out long freshUntilTicks, out long refreshAtTicks)
    {
        if (bytes.Length >= TimedHeaderLength && HasHeader(bytes) && bytes[3] == TimedVersion)
        {
            freshUntilTicks = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes[HeaderLength..]);
            refreshAtTicks = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes[(HeaderLength + 8)..]);
            return true;
        }

        freshUntilTicks = long.MaxValue;
        refreshAtTicks = long.MaxValue;
        return false;
    }

    /// <summary>The length of the header of a payload of version 2 or 3; 0 for any other bytes.</summary>
    internal static int HeaderLengthOf(ReadOnlySpan<byte> bytes)
        => bytes.Length < 4 || !HasHeader(bytes) ? 0
            : bytes[3] == Version && bytes.Length >= HeaderLength ? HeaderLength
            : bytes[3] == TimedVersion && bytes.Length >= TimedHeaderLength ? TimedHeaderLength
            : 0;

    /// <summary>
    /// Reads an integer payload (bare ASCII decimal). Stores with a native increment use it to read the current
    /// value; bytes that are anything else are not an integer.
    /// </summary>
    /// <param name="bytes">The stored bytes.</param>
    /// <param name="value">The integer.</param>
    /// <returns><see langword="true"/> when the bytes are exactly an optional minus sign and decimal digits that fit a <see cref="long"/>.</returns>
    public static bool TryReadInteger(ReadOnlySpan<byte> bytes, out long value) => IntegerValue.TryParse(bytes, out value);

    /// <summary>Writes an integer payload (bare ASCII decimal), the form every store keeps counters in.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The bytes to store.</returns>
    public static byte[] WriteInteger(long value) => IntegerValue.Format(value);
}
